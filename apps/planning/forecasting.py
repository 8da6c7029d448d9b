"""Weekly demand forecasts for many items at once, in vectorised numpy (no Django here).

Every series is one row of a matrix (items × weeks); each model is a recursion over the weeks in
which one step updates every item at once, so 60K items cost about what one costs in a Python loop.
A method is chosen per series:

- seasonal: a regular seller (demand in most weeks). Damped-trend exponential smoothing (Holt) on the
  series divided by the yearly seasonal index of its department. One item's two years are too few
  and too noisy to learn 52 weekly indices, so they are pooled over every regular seller of the
  department (the same idea as the grouped seasonality of hierarchical forecasting).
- intermittent: sales in fewer than 1 week of 1.32 on average (Syntetos–Boylan's cut-off).
  TSB (Teunter–Syntetos–Babai): smoothed probability of a sale × smoothed size of a sale; unlike
  Croston it decays when an item stops selling.
- new: fewer than MIN_HISTORY weeks since the first sale: the mean week since then.

Smoothing parameters are picked per series from a small grid by in-sample one-step error.
"""

from dataclasses import dataclass

import numpy as np

HORIZON = 12
SEASON = 52
MIN_HISTORY = 13
INTERMITTENT_ADI = 1.32
DAMPING = 0.9
HOLT_GRID = [(alpha, beta) for alpha in (0.05, 0.1, 0.2, 0.35) for beta in (0.0, 0.03, 0.1)]
TSB_GRID = [(a_p, a_z) for a_p in (0.03, 0.08, 0.2) for a_z in (0.05, 0.15, 0.3)]

SEASONAL, INTERMITTENT, NEW = "seasonal", "intermittent", "new"


@dataclass
class Forecasts:
    method: np.ndarray  # (n,) str
    weekly: np.ndarray  # (n, horizon) expected units per week
    sigma: np.ndarray  # (n,) std of one week's demand around the forecast
    mase: np.ndarray  # (n,) in-sample MASE against the seasonal naive (nan when undefined)


def classify(history):
    """seasonal / intermittent / new per row of `history` (items × weeks)."""
    sold = history > 0
    weeks = history.shape[1]
    first = np.where(sold.any(axis=1), sold.argmax(axis=1), weeks)
    age = weeks - first
    adi = age / np.maximum(sold.sum(axis=1), 1)
    return np.where(age < MIN_HISTORY, NEW, np.where(adi > INTERMITTENT_ADI, INTERMITTENT, SEASONAL)), first


def seasonal_indices(history, groups, week_of_year):
    """Yearly multiplicative index per group and week of the year: (n_groups, 53).

    A group's total is detrended by its growth from the first to the last 52 weeks of the history (a
    straight line fitted through a seasonal series would bend with the season), the ratios are averaged
    per week of the year and smoothed over neighbouring weeks; groups with less than a year or little
    volume keep a flat index.
    """
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    indices = np.ones((n_groups, 53))
    weeks = history.shape[1]
    if weeks < SEASON:
        return indices
    t = np.arange(weeks)
    for group in range(n_groups):
        total = history[groups == group].sum(axis=0)
        if total.sum() < 10 * weeks:
            continue
        slope = 0.0
        if weeks >= SEASON + 13:  # two whole years, overlapping or not: the season cancels out
            first, last = total[:SEASON].mean(), total[-SEASON:].mean()
            if first > 0 and last > 0:
                slope = np.log(last / first) / (weeks - SEASON)
        ratio = total / np.exp(slope * t)
        ratio = ratio / ratio.mean()
        sums = np.bincount(week_of_year, weights=ratio, minlength=53)
        counts = np.bincount(week_of_year, minlength=53)
        raw = np.where(counts > 0, sums / np.maximum(counts, 1), 1.0)
        raw[52] = raw[51] if counts[52] == 0 else raw[52]
        smooth = (np.roll(raw, 1) + 2 * raw + np.roll(raw, -1)) / 4
        indices[group] = smooth / smooth[:52].mean()
    return indices


def _holt(x, start, alpha, beta):
    """Damped Holt on rows of x, each starting at its own column; one-step fitted values and end state."""
    n, weeks = x.shape
    rows = np.arange(n)
    window = np.minimum(start + 8, weeks)
    csum = np.concatenate([np.zeros((n, 1)), np.cumsum(x, axis=1)], axis=1)
    level = (csum[rows, window] - csum[rows, start]) / np.maximum(window - start, 1)
    trend = np.zeros(n)
    fitted = np.full((n, weeks), np.nan)
    for t in range(weeks):
        active = t >= start
        prediction = level + DAMPING * trend
        fitted[:, t] = np.where(active, prediction, np.nan)
        new_level = prediction + alpha * (x[:, t] - prediction)
        new_trend = beta * (new_level - level) + (1 - beta) * DAMPING * trend
        level = np.where(active, np.maximum(new_level, 0.0), level)
        trend = np.where(active, new_trend, trend)
    return fitted, level, trend


def _tsb(y, start, a_p, a_z):
    n, weeks = y.shape
    sold = y > 0
    span = np.maximum(weeks - start, 1)
    mask = np.arange(weeks)[None, :] >= start[:, None]
    probability = (sold & mask).sum(axis=1) / span
    size = np.where((sold & mask).any(axis=1), (y * mask).sum(axis=1) / np.maximum((sold & mask).sum(axis=1), 1), 0)
    fitted = np.full((n, weeks), np.nan)
    for t in range(weeks):
        active = t >= start
        fitted[:, t] = np.where(active, probability * size, np.nan)
        probability = np.where(active, probability + a_p * (sold[:, t] - probability), probability)
        size = np.where(active & sold[:, t], size + a_z * (y[:, t] - size), size)
    return fitted, probability * size


def _best(candidates, actual):
    """From [(fitted, forecast_row_fn_args...)], per row the candidate with the smallest mean squared one-step error."""
    errors = np.stack([np.nanmean((actual - fitted) ** 2, axis=1) for fitted, *_ in candidates])
    errors = np.where(np.isnan(errors), np.inf, errors)
    return errors.argmin(axis=0)


def seasonal_naive_scale(history, start):
    """Mean absolute in-sample error of the seasonal naive (lag 52; lag 1 for less than a year of history)."""
    n, weeks = history.shape
    mask = np.arange(weeks)[None, :] >= start[:, None]
    scales = np.full(n, np.nan)
    for lag in (1, SEASON):
        if weeks <= lag:
            continue
        diff = np.abs(history[:, lag:] - history[:, :-lag])
        valid = mask[:, lag:] & mask[:, :-lag]
        count = valid.sum(axis=1)
        mean = np.where(count > 0, (diff * valid).sum(axis=1) / np.maximum(count, 1), np.nan)
        scales = np.where(count >= 8, mean, scales)
    return np.where(scales > 0, scales, np.nan)


def _forecast_seasonal(y, start, season_rows, future_season):
    x = y / season_rows
    fits = [(*_holt(x, start, alpha, beta),) for alpha, beta in HOLT_GRID]
    choice = _best([(fitted,) for fitted, _, _ in fits], x)
    rows = np.arange(len(y))
    fitted = np.stack([f for f, _, _ in fits])[choice, rows] * season_rows
    level = np.stack([lv for _, lv, _ in fits])[choice, rows]
    trend = np.stack([tr for _, _, tr in fits])[choice, rows]
    damp = np.cumsum(DAMPING ** np.arange(1, HORIZON + 1))
    weekly = np.maximum(level[:, None] + damp[None, :] * trend[:, None], 0.0) * future_season
    return weekly, fitted


def _forecast_intermittent(y, start):
    fits = [_tsb(y, start, a_p, a_z) for a_p, a_z in TSB_GRID]
    choice = _best([(fitted,) for fitted, _ in fits], y)
    rows = np.arange(len(y))
    fitted = np.stack([f for f, _ in fits])[choice, rows]
    rate = np.stack([r for _, r in fits])[choice, rows]
    return np.repeat(rate[:, None], HORIZON, axis=1), fitted


def _forecast_new(y, start):
    weeks = y.shape[1]
    mask = np.arange(weeks)[None, :] >= start[:, None]
    span = np.maximum(mask.sum(axis=1), 1)
    mean = (y * mask).sum(axis=1) / span
    fitted = np.where(mask, mean[:, None], np.nan)
    return np.repeat(mean[:, None], HORIZON, axis=1), fitted


def forecast(history, *, groups, week_of_year, future_week_of_year):
    """Forecast every row of `history` (items × weeks of units) HORIZON weeks ahead.

    groups: (n,) int group (department) of each item, for the pooled seasonality;
    week_of_year: (weeks,) 0–52 of each history column; future_week_of_year: (HORIZON,) of the forecast weeks.
    """
    history = np.asarray(history, dtype=float)
    n, weeks = history.shape
    method, first = classify(history)
    start = np.minimum(first, weeks - 1)
    weekly = np.zeros((n, HORIZON))
    fitted = np.full((n, weeks), np.nan)

    regular = method == SEASONAL
    if regular.any():
        indices = seasonal_indices(history[regular], groups[regular], week_of_year)
        season = indices[groups[regular]]
        weekly[regular], fitted[regular] = _forecast_seasonal(
            history[regular], start[regular], season[:, week_of_year], season[:, future_week_of_year]
        )
    for chosen, model in ((method == INTERMITTENT, _forecast_intermittent), (method == NEW, _forecast_new)):
        if chosen.any():
            weekly[chosen], fitted[chosen] = model(history[chosen], start[chosen])

    residual = history - fitted
    count = np.sum(~np.isnan(residual), axis=1)
    sigma = np.sqrt(np.where(count > 1, np.nansum(residual**2, axis=1) / np.maximum(count - 1, 1), 0.0))
    # A new item's short past says little about its spread: at least Poisson's √mean.
    sigma = np.where(method == NEW, np.maximum(sigma, np.sqrt(weekly[:, 0])), sigma)
    mae = np.where(count > 0, np.nansum(np.abs(residual), axis=1) / np.maximum(count, 1), np.nan)
    mase = mae / seasonal_naive_scale(history, start)
    return Forecasts(method=method, weekly=weekly, sigma=sigma, mase=mase)
