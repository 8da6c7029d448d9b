from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database deletes a review's votes with it, and a user's votes with the user (seed 003 §8.1).

    A migration of its own: the foreign keys of a new table are only created at the end of the
    migration that creates it."""

    dependencies = [("reviews", "0005_review_helpful_votes")]

    operations = [
        EnforceOnDelete("ReviewHelpfulVote", "review"),
        EnforceOnDelete("ReviewHelpfulVote", "user"),
    ]
