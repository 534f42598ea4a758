# Django's Arabic has no date-and-time formats; these add them, day first, 24-hour clock.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F، Y H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
