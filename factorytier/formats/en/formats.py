# English dates: day, month name, year (no ambiguity between 03/04 readings).
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i:s"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i:s"
