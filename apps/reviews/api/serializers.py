from rest_framework import serializers

from apps.reviews.models import ProductReview


class ReviewInput(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    content = serializers.CharField(required=False, default="", allow_blank=True)


class ReviewOutput(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text="First name and last initial; empty for a removed account.")

    class Meta:
        model = ProductReview
        fields = ["id", "rating", "title", "content", "author", "is_verified_purchase", "is_approved", "created_at"]
        read_only_fields = fields

    def get_author(self, review) -> str:
        user = review.user
        if user is None:
            return ""
        initial = f" {user.last_name[:1]}." if user.last_name else ""
        return f"{user.first_name}{initial}".strip()
