# Arabic as the region's agencies write it: "26 نوفمبر 2026" (no comma inside a date),
# the Arabic comma "،" between a date and a time, a 24-hour clock, day first in
# short dates (the right-to-left marks keep "26/11/2026" in reading order).
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d\u200f/m\u200f/Y"
SHORT_DATETIME_FORMAT = "j M Y، H:i"
# Western digits, as everywhere on the platform: Western separators with them.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
