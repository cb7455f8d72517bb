"""What Kiosk keeps: its tables, the database's settings and upgrades, and its files on disk."""
