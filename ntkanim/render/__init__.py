"""Drawing and encoding: the matplotlib frame stream, themes, and the movie encoders."""
