"""Running Kiosk on the room PC: the `kiosk` command and the server it starts."""
