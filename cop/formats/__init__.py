"""Date and number formats of the platform's two languages (FORMAT_MODULE_PATH).

Templates name a format (`|date:"DATETIME_FORMAT"`), never spell one out: the
Arabic interface then joins date and time with the Arabic comma, and the
English one keeps the day-month-year order the region reads. What a module
leaves out comes from Django's own module for the language.
"""
