"""The weekly calendar forecasts use: Monday-to-Sunday weeks, the last one complete."""

import datetime

import numpy as np

HISTORY_WEEKS = 104


def last_complete_sunday(day):
    """The last Sunday on or before `day`."""
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def history_mondays(until, weeks=HISTORY_WEEKS):
    """Mondays of the `weeks` complete weeks ending on or before `until`, oldest first."""
    last_monday = last_complete_sunday(until) - datetime.timedelta(days=6)
    return [last_monday - datetime.timedelta(weeks=weeks - 1 - n) for n in range(weeks)]


def following_mondays(monday, count):
    return [monday + datetime.timedelta(weeks=n + 1) for n in range(count)]


def week_of_year(mondays):
    """0–52 per Monday: the ISO week number minus one (the seasonal position of that week)."""
    return np.array([monday.isocalendar().week - 1 for monday in mondays])
