"""Date and time formats where Django's own locale would mislead our readers.

Django's English is American ("12/02/2026" is 2 December to a Belgian nurse
and 12 February to Django), its Arabic has no date-and-time format (so it
falls back to that American one) and it has no Tigrinya at all. Every
centre SafeReport serves writes the day first and uses a 24-hour clock, so
these modules say so; the other languages keep Django's formats.
"""
