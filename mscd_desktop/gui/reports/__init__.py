"""The Reports screen: certificates, attendance, the reach report and card, saved or printed."""
