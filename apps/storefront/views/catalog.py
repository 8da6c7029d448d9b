"""Browsing: the home page, category pages, search results and product pages."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.cart.exceptions import OutOfStock, ProductUnavailable, VariantRequired
from apps.cart.services import add_item
from apps.catalog.models import Product
from apps.catalog.selectors import (
    featured_products,
    product_detail,
    product_list,
    suggest_spelling,
)
from apps.reviews.exceptions import ReviewError
from apps.reviews.selectors import SORTS, approved_reviews, review_by, reviews_voted_helpful
from apps.reviews.services import edit_review, submit_review, vote_helpful
from apps.storefront.carts import current_or_new_cart
from apps.storefront.catalog_cache import shop_category_tree
from apps.storefront.forms import AddToCartForm, ListingFilterForm, ReviewForm
from apps.wishlist.exceptions import WishlistError
from apps.wishlist.services import add_to_wishlist

PAGE_SIZE = 24
# Fewer results than this and the search page offers a spelling suggestion.
FEW_RESULTS = 3


def home(request):
    return render(
        request,
        "storefront/home.html",
        {"featured": featured_products(limit=8), "categories": shop_category_tree()},
    )


def _category_path(nodes, slug):
    """[root, ..., node] down the category tree to the active category `slug`, or None."""
    for node in nodes:
        if node.category.slug == slug:
            return [node]
        below = _category_path(node.children, slug)
        if below:
            return [node, *below]
    return None


def _listing_page(request, form, **selection):
    """The requested page of products; an invalid form lists with no filters (its errors are shown)."""
    arguments = form.selector_arguments() if form.is_valid() else {}
    products = product_list(**selection, **arguments)
    return Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def category(request, slug):
    path = _category_path(shop_category_tree(), slug)
    if path is None:
        raise Http404("No such category.")
    node = path[-1]
    form = ListingFilterForm(request.GET)
    return render(
        request,
        "storefront/category.html",
        {
            "category": node.category,
            "node": node,
            "breadcrumbs": path[:-1],
            "form": form,
            "page": _listing_page(request, form, category=node.category),
            "query_string": _query_without_page(request),
        },
    )


def search(request):
    query = request.GET.get("q", "").strip()
    form = ListingFilterForm(request.GET, searching=True)
    page = _listing_page(request, form, search=query) if query else None
    few = page is None or page.paginator.count < FEW_RESULTS
    # A suggestion helps only when it names a product the shopper cannot already see.
    shown = {query.lower(), *(product.name.lower() for product in page or ())}
    suggestions = [name for name in suggest_spelling(query, limit=1) if name.lower() not in shown] if few else []
    return render(
        request,
        "storefront/search.html",
        {
            "query": query,
            "form": form,
            "page": page,
            "suggestion": suggestions[0] if suggestions else None,
            "query_string": _query_without_page(request),
        },
    )


def _sellable_or_404(slug):
    try:
        return product_detail(id_or_slug=slug)
    except Product.DoesNotExist:
        raise Http404("No such product.") from None


def _own_review_form(request, product):
    """The review form, filled with the shopper's own review when they wrote one (they edit it)."""
    mine = review_by(request.user, product)
    initial = {"rating": mine.rating, "title": mine.title, "content": mine.content} if mine else None
    return ReviewForm(initial=initial), mine


def _render_product(request, product, *, cart_form=None, review_form=None, status=200):
    variants = product.active_variants
    chosen = next((v for v in variants if str(v.pk) == request.GET.get("variant")), None)
    chosen = chosen or next((v for v in variants if not product.track_inventory or v.stock_quantity > 0), None)
    initial = {"variant": str(chosen.pk)} if chosen else {}
    own_form, my_review = _own_review_form(request, product)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "newest"
    return render(
        request,
        "storefront/product.html",
        {
            "product": product,
            "chosen": chosen,
            "cart_form": cart_form or AddToCartForm(product=product, initial=initial),
            "review_form": review_form or own_form,
            "my_review": my_review,
            "reviews": approved_reviews(product, sort=sort),
            "review_sort": sort,
            "voted_helpful": reviews_voted_helpful(request.user, product),
            "can_buy": _can_buy(product),
        },
        status=status,
    )


def _can_buy(product):
    if not product.track_inventory:
        return True
    if product.active_variants:
        return any(variant.stock_quantity > 0 for variant in product.active_variants)
    return product.stock_quantity > 0


def product(request, slug):
    """The product page; a POST adds the chosen option to the cart."""
    product = _sellable_or_404(slug)
    if request.method != "POST":
        return _render_product(request, product)
    form = AddToCartForm(request.POST, product=product)
    if form.is_valid():
        try:
            add_item(
                cart=current_or_new_cart(request),
                product=product,
                variant=form.chosen_variant(),
                quantity=form.cleaned_data["quantity"],
            )
        except (OutOfStock, VariantRequired, ProductUnavailable) as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"Added {product.name} to your cart.")
            return redirect("storefront:product", slug=product.slug)
    return _render_product(request, product, cart_form=form, status=400)


@require_POST
def review(request, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(f"/p/{slug}/")
    product = _sellable_or_404(slug)
    form = ReviewForm(request.POST)
    if form.is_valid():
        # One review per shopper and product: a second one edits the first.
        write = edit_review if review_by(request.user, product) else submit_review
        try:
            write(product=product, user=request.user, **form.cleaned_data)
        except ReviewError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Thank you! Your review will appear once it has been checked.")
            return redirect("storefront:product", slug=product.slug)
    return _render_product(request, product, review_form=form, status=400)


@require_POST
def review_helpful(request, slug, review_id):
    if not request.user.is_authenticated:
        return redirect_to_login(f"/p/{slug}/")
    try:
        vote_helpful(review_id=review_id, user=request.user)
    except ReviewError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Thank you for your vote.")
    return redirect(f"/p/{slug}/#reviews")


@require_POST
def wishlist(request, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(f"/p/{slug}/")
    product = _sellable_or_404(slug)
    variant = next((v for v in product.active_variants if str(v.pk) == request.POST.get("variant")), None)
    try:
        add_to_wishlist(user=request.user, product=product, variant=variant)
    except WishlistError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Saved {product.name} to your wishlist.")
    return redirect("storefront:product", slug=product.slug)
