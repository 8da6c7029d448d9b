"""The forecasting models on synthetic series (numpy only, no database)."""

import numpy as np

from apps.planning import forecasting

WEEKS = 104


def _forecast(history, groups=None):
    history = np.asarray(history, dtype=float)
    weeks = history.shape[1]
    return forecasting.forecast(
        history,
        groups=np.zeros(len(history), dtype=int) if groups is None else groups,
        week_of_year=np.arange(weeks) % 52,
        future_week_of_year=np.arange(weeks, weeks + forecasting.HORIZON) % 52,
    )


def test_a_steady_seller_is_forecast_at_its_rate_with_no_spread():
    result = _forecast([[0] * 84 + [5] * 20])
    assert list(result.method) == ["seasonal"]
    assert np.allclose(result.weekly, 5.0)
    assert result.sigma[0] == 0


def test_an_item_selling_now_and_then_is_intermittent_and_forecast_flat_between_zero_and_its_sizes():
    history = np.zeros((1, WEEKS))
    history[0, ::4] = 8  # 8 units every fourth week
    result = _forecast(history)
    assert list(result.method) == ["intermittent"]
    assert np.allclose(result.weekly[0], result.weekly[0, 0])
    assert 1.0 < result.weekly[0, 0] < 3.5  # about 8 × ¼


def test_an_item_first_sold_a_few_weeks_ago_is_new_and_forecast_at_its_mean_week():
    result = _forecast([[0] * 98 + [2, 4, 0, 6, 4, 2]])
    assert list(result.method) == ["new"]
    assert np.allclose(result.weekly, 3.0)


def test_an_item_never_sold_is_forecast_at_zero():
    result = _forecast([[0] * WEEKS])
    assert (list(result.method), result.weekly.sum(), result.sigma[0]) == (["new"], 0.0, 0.0)


def test_yearly_seasonality_and_trend_beat_the_seasonal_naive_on_held_out_weeks():
    """Given 200 Poisson sellers of one department with a yearly cycle and growth, when the last 8
    weeks are held out, then the forecast's error is well below the seasonal naive's."""
    rng = np.random.default_rng(7)
    weeks = np.arange(WEEKS + 8)
    rate = 20 * (1 + 0.4 * np.sin(2 * np.pi * weeks / 52)) * (1 + 0.004 * weeks)
    series = rng.poisson(np.tile(rate, (200, 1))).astype(float)
    result = _forecast(series[:, :WEEKS])
    error = np.abs(result.weekly[:, :8] - series[:, WEEKS:]).mean()
    naive = np.abs(series[:, WEEKS - 52 : WEEKS - 44] - series[:, WEEKS:]).mean()
    assert set(result.method) == {"seasonal"}
    assert error < 0.8 * naive
