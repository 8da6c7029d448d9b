from celery import shared_task

from apps.catalog import services


@shared_task(name="catalog.refresh_search_dictionary")
def refresh_search_dictionary():
    """Keep search's spelling dictionary in step with the catalog (scheduled); returns the word count."""
    return services.refresh_search_dictionary()
