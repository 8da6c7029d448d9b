"""When orders are placed and what they buy, for the bulk data sets: demand worth forecasting.

- trend: the shop grows ~25 % a year; each item has its own growth or decline;
- weekly seasonality: more orders at the weekend;
- yearly seasonality: each department peaks at its own time of year (Garden in spring, Toys before
  Christmas), and Black Friday weekend is busy everywhere;
- promotions: each department runs a few 10-day promotions that lift its items;
- a long tail: popularity follows Zipf's law, so a few items sell every day and most sell now and
  then (intermittent); a few items were launched in the last weeks (new).

Every parameter is drawn from the caller's random.Random, so the same seed gives the same demand.
"""

import bisect
import datetime
import itertools

import numpy as np

DAYS = 730
WEEKDAY_WEIGHT = (0.9, 0.85, 0.9, 0.95, 1.1, 1.3, 1.25)  # Monday … Sunday
YEARLY_GROWTH = 0.25
SEASON_AMPLITUDE = 0.45
PROMOTION_LIFT = 1.8
PROMOTIONS_PER_DEPARTMENT = 5
NEW_ITEMS = 0.03  # share launched within the last 10 weeks
ZIPF_OFFSET = 20


def _black_friday(year):
    november_first = datetime.date(year, 11, 1)
    first_friday = november_first + datetime.timedelta(days=(4 - november_first.weekday()) % 7)
    return first_friday + datetime.timedelta(weeks=3)


class DemandModel:
    """Draws order days and order lines. `units[i]` belongs to department `departments[i]`."""

    def __init__(self, *, rng, today, departments, n_departments):
        self.rng = rng
        self.today = today
        n = len(departments)
        days = np.arange(DAYS)  # days ago
        dates = [today - datetime.timedelta(days=int(d)) for d in days]
        day_of_year = np.array([d.timetuple().tm_yday for d in dates])
        years = (DAYS - days) / 365.25

        peaks = [rng.uniform(0, 365) for _ in range(n_departments)]
        season = 1 + SEASON_AMPLITUDE * np.cos(2 * np.pi * (day_of_year[None, :] - np.array(peaks)[:, None]) / 365.25)
        promotion = np.ones((n_departments, DAYS))
        for department in range(n_departments):
            for _ in range(PROMOTIONS_PER_DEPARTMENT):
                start = rng.randrange(DAYS - 10)
                promotion[department, start : start + 10] = PROMOTION_LIFT
        self.department_daily = season * promotion  # (departments, days ago)

        black_friday = {_black_friday(d.year) for d in dates}
        busy = np.array([1.0 + 1.5 * any(0 <= (d - bf).days <= 3 for bf in black_friday) for d in dates])
        weekday = np.array([WEEKDAY_WEIGHT[d.weekday()] for d in dates])
        daily = weekday * busy * np.exp(YEARLY_GROWTH * years) * self.department_daily.mean(axis=0)
        self.day_weights = list(itertools.accumulate(daily.tolist()))

        ranks = list(range(n))
        rng.shuffle(ranks)
        self.popularity = 1.0 / (np.array(ranks) + ZIPF_OFFSET)
        self.growth = np.array([rng.uniform(-0.5, 0.7) for _ in range(n)])
        self.launched_days_ago = np.array(
            [rng.randrange(7, 70) if rng.random() < NEW_ITEMS else DAYS for _ in range(n)]
        )
        self.departments = np.asarray(departments)
        self._weeks = {}

    def day_ago(self):
        """Days before today of one order (weighted by trend, weekday, season and Black Friday)."""
        return bisect.bisect(self.day_weights, self.rng.random() * self.day_weights[-1])

    def _week_weights(self, week):
        """Cumulative weights of the items for orders placed `week` weeks ago (one week shares one mix)."""
        if week not in self._weeks:
            day = min(week * 7 + 3, DAYS - 1)
            years = (DAYS - day) / 365.25
            weights = (
                self.popularity
                * self.department_daily[self.departments, day]
                / self.department_daily[:, day].mean()
                * np.exp(self.growth * (years - 1))
                * (self.launched_days_ago > day)
            )
            self._weeks[week] = list(itertools.accumulate(weights.tolist()))
        return self._weeks[week]

    def items(self, days_ago, count):
        """Indices of `count` items bought by an order placed `days_ago` days ago."""
        weights = self._week_weights(days_ago // 7)
        total = weights[-1]
        return [min(bisect.bisect(weights, self.rng.random() * total), len(weights) - 1) for _ in range(count)]
