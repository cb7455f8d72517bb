"""What participants and shared screens open: the start page, check-in, the board, feedback, notices."""
