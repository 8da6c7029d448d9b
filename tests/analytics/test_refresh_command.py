import pytest
from django.core.management import CommandError, call_command

from apps.analytics.models import MaterializedViewRefresh

pytestmark = pytest.mark.django_db


def test_refresh_views_refreshes_every_view_and_says_how_long_each_took(capsys):
    call_command("refresh_views", verbosity=0)

    out = capsys.readouterr().out
    assert out.count(" rows in ") == 7
    assert "mv_daily_sales: 0 rows in " in out
    assert MaterializedViewRefresh.objects.count() == 7


def test_refresh_views_refuses_an_unknown_view_cleanly():
    with pytest.raises(CommandError, match="No such view: mv_nothing"):
        call_command("refresh_views", "mv_nothing", verbosity=0)

    assert MaterializedViewRefresh.objects.count() == 0
