"""Positive destination goals: a young person's own goals, steps, "where am I now" ratings and
small wins, private unless they share a goal with their key worker."""
