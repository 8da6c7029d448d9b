from celery import shared_task


@shared_task(name="core.ping")
def ping(value="pong"):
    """Echo: proves a message travels broker → worker → result backend."""
    return value
