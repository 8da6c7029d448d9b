from rest_framework import serializers

from apps.core.api.serializers import MAX_FREE_TEXT
from apps.reviews.models import ProductReview
from apps.reviews.selectors import SORTS


class ReviewInput(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    content = serializers.CharField(required=False, default="", allow_blank=True, max_length=MAX_FREE_TEXT)


class ReviewListQuery(serializers.Serializer):
    sort = serializers.ChoiceField(choices=list(SORTS), default="newest", help_text="newest, or helpful first")


class ReviewOutput(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text="First name and last initial; empty for a removed account.")
    helpful_count = serializers.SerializerMethodField(help_text="Shoppers who found the review helpful.")

    class Meta:
        model = ProductReview
        fields = [
            "id",
            "rating",
            "title",
            "content",
            "author",
            "is_verified_purchase",
            "is_approved",
            "helpful_count",
            "created_at",
        ]
        read_only_fields = fields

    def get_helpful_count(self, review) -> int:
        # Annotated by the list's selector (one query for the page); counted for a single review.
        count = getattr(review, "helpful_count", None)
        return review.helpful_votes.count() if count is None else count

    def get_author(self, review) -> str:
        user = review.user
        if user is None:
            return ""
        initial = f" {user.last_name[:1]}." if user.last_name else ""
        return f"{user.first_name}{initial}".strip()


class HelpfulOutput(serializers.Serializer):
    helpful_count = serializers.IntegerField()
