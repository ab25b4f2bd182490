"""Paid contributions: the rate card, claims, paying them (Stripe or recorded), money pages."""
