"""What the moderator and the organiser open: the console, the attendance panel, reports, admin, sign-in."""
