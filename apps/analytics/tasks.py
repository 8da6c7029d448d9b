from celery import shared_task

from apps.analytics import services


@shared_task(name="analytics.refresh_materialized_view")
def refresh_materialized_view(name, concurrently=True):
    """Refresh one view (the hourly schedule of the critical ones); returns the row count."""
    return services.refresh_view(name, concurrently=concurrently).row_count


@shared_task(name="analytics.refresh_all_materialized_views")
def refresh_all_materialized_views(concurrently=True):
    """Refresh every view (the nightly schedule); returns {view: row count, None when it failed}."""
    return {refresh.view_name: refresh.row_count for refresh in services.refresh_all(concurrently=concurrently)}


@shared_task(name="analytics.compact_category_revenue")
def compact_category_revenue():
    """Fold the revenue rollup's rows (every few minutes); returns the rows removed."""
    return services.compact_category_revenue()
