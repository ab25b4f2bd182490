"""Planned endings and graduation: the ending date, the ending plan, certificates and keepsakes."""
