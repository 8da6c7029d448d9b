from django import forms
from django.contrib import admin
from django.db.models import F

from apps.core.admin import ReadOnlyAdmin, apply_to_each, form_action
from apps.reviews import services
from apps.reviews.models import ProductReview, ReviewHelpfulVote


class ModerationFilter(admin.SimpleListFilter):
    title = "moderation"
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected")]

    def queryset(self, request, queryset):
        match self.value():
            case "pending":
                return queryset.filter(moderated_at__isnull=True)
            case "approved":
                return queryset.filter(is_approved=True)
            case "rejected":
                return queryset.filter(is_approved=False, moderated_at__isnull=False)
        return queryset


class RejectReviewForm(forms.Form):
    reason = forms.CharField(max_length=500, help_text="Sent to the author and kept with the review.")


@admin.register(ProductReview)
class ProductReviewAdmin(ReadOnlyAdmin):
    """The moderation queue: pending reviews first, oldest first; decisions go through the reviews
    services, which move the product's rating and tell the author."""

    list_display = ("product", "user", "rating", "title", "is_verified_purchase", "moderation", "created_at")
    list_filter = (ModerationFilter, "rating", "is_verified_purchase")
    search_fields = ("title", "content", "product__name", "product__sku", "user__email")
    list_select_related = ("product", "user")
    date_hierarchy = "created_at"
    ordering = (F("moderated_at").asc(nulls_first=True), "created_at")
    actions = ["approve", "reject"]

    @admin.display(description="moderation")
    def moderation(self, obj):
        if obj.moderated_at is None:
            return "Pending"
        return "Approved" if obj.is_approved else f"Rejected: {obj.moderation_note}".rstrip(": ")

    def has_moderate_permission(self, request):
        return request.user.has_perm("reviews.change_productreview")

    @admin.action(description="Approve the selected reviews", permissions=["moderate"])
    def approve(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda review: services.approve_review(review=review, moderator=request.user),
            done=lambda n: f"Approved {n} review(s); their authors were told.",
        )

    @admin.action(description="Reject the selected reviews…", permissions=["moderate"])
    def reject(self, request, queryset):
        return form_action(
            self,
            request,
            queryset,
            form_class=RejectReviewForm,
            title="Reject reviews",
            operation=lambda review, reason: services.reject_review(
                review=review, moderator=request.user, reason=reason
            ),
            done=lambda n: f"Rejected {n} review(s); their authors were told why.",
        )


@admin.register(ReviewHelpfulVote)
class ReviewHelpfulVoteAdmin(ReadOnlyAdmin):
    """Shoppers' helpful votes: cast on the product page or the API, one per shopper and review."""

    list_display = ("review", "user", "created_at")
    search_fields = ("review__product__name", "user__email")
    list_select_related = ("review__product", "user")
    date_hierarchy = "created_at"
