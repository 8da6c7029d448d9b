"""Browsing: the home page, category pages, search results and product pages."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from apps.cart.exceptions import OutOfStock, ProductUnavailable, VariantRequired
from apps.cart.services import add_item
from apps.catalog.listing import browse
from apps.catalog.models import Product
from apps.catalog.search_results import search_listing
from apps.catalog.selectors import featured_products, product_detail, search_suggestions
from apps.reviews.exceptions import ReviewError
from apps.reviews.selectors import SORTS, approved_reviews, review_by, reviews_voted_helpful
from apps.reviews.services import edit_review, submit_review, vote_helpful
from apps.storefront.carts import current_or_new_cart
from apps.storefront.catalog_cache import shop_category_tree
from apps.storefront.forms import AddToCartForm, ListingFilterForm, ReviewForm
from apps.storefront.fragments import shared_fragment
from apps.storefront.shared_pages import shared_page
from apps.wishlist.exceptions import WishlistError
from apps.wishlist.services import add_to_wishlist

PAGE_SIZE = 24


@shared_page
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


def _browse(request, form, lister=browse, **selection):
    """The listing (of `lister`) and the requested page of it; an invalid form lists with no
    filters (its errors are shown)."""
    arguments = form.selector_arguments() if form.is_valid() else {}
    listing = lister(**selection, **arguments)
    paginator = Paginator(listing.products, PAGE_SIZE)
    if listing.total is not None:
        paginator.count = listing.total  # counted by the facets query: no COUNT(*) of its own
    return listing, paginator.get_page(request.GET.get("page"))


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@shared_page
def category(request, slug):
    path = _category_path(shop_category_tree(), slug)
    if path is None:
        raise Http404("No such category.")
    node = path[-1]
    return render(
        request,
        "storefront/category.html",
        {
            "category": node.category,
            "node": node,
            "breadcrumbs": path[:-1],
            "listing": shared_fragment(request, "category-listing", lambda: _category_listing(request, node)),
        },
    )


def _category_listing(request, node):
    """The filters and the page of products of a category: no per-visitor bits, so no request
    (and no context processor) in its render."""
    form = ListingFilterForm(request.GET)
    listing, page = _browse(request, form, category=node)
    context = {"form": form, "listing": listing, "page": page, "query_string": _query_without_page(request)}
    return render_to_string("storefront/partials/category_listing.html", context)


@shared_page
def search(request):
    query = request.GET.get("q", "").strip()
    form = ListingFilterForm(request.GET, searching=True)
    listing, page = _browse(request, form, search_listing, search=query) if query else (None, None)
    return render(
        request,
        "storefront/search.html",
        {
            "query": query,
            "form": form,
            "listing": listing,
            "page": page,
            "query_string": _query_without_page(request),
        },
    )


def autocomplete(request):
    """Products, categories and brands for what is typed in the search box (JSON, for search.js)."""
    found = search_suggestions(request.GET.get("q", ""))
    search_url = reverse("storefront:search")
    response = JsonResponse(
        {
            "products": [
                {
                    "name": row["name"],
                    "url": reverse("storefront:product", args=[row["slug"]]),
                    "price": f"${row['price']}",
                    "image": row["image"] or "",
                }
                for row in found["products"]
            ],
            "categories": [
                {"name": name, "url": reverse("storefront:category", args=[slug])} for name, slug in found["categories"]
            ],
            "brands": [
                {"name": name, "url": f"{search_url}?{urlencode({'q': name, 'brand': slug})}"}
                for name, slug in found["brands"]
            ],
        }
    )
    response["Cache-Control"] = "public, max-age=60"
    return response


def _sellable_or_404(slug):
    try:
        return product_detail(id_or_slug=slug)
    except Product.DoesNotExist:
        raise Http404("No such product.") from None


def _picture_each_variant(product):
    """Set `picture` on each active variant: the image of its colour (an image tied to a variant
    stands for that variant's colour), else None. Uses the images already loaded."""
    by_colour = {image.variant.option_values.get("color"): image for image in product.images.all() if image.variant_id}
    for variant in product.active_variants:
        variant.picture = by_colour.get(variant.option_values.get("color"))


def _own_review_form(request, product):
    """The review form, filled with the shopper's own review when they wrote one (they edit it)."""
    mine = review_by(request.user, product)
    initial = {"rating": mine.rating, "title": mine.title, "content": mine.content} if mine else None
    return ReviewForm(initial=initial), mine


def _render_product(request, product, *, cart_form=None, review_form=None, status=200):
    variants = product.active_variants
    _picture_each_variant(product)
    chosen = next((v for v in variants if str(v.pk) == request.GET.get("variant")), None)
    chosen = chosen or next((v for v in variants if not product.track_inventory or v.stock_quantity > 0), None)
    initial = {"variant": str(chosen.pk)} if chosen else {}
    images = list(product.images.all())
    shown = (chosen.picture if chosen else None) or (images[0] if images else None)
    own_form, my_review = _own_review_form(request, product)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "newest"
    return render(
        request,
        "storefront/product.html",
        {
            "product": product,
            "chosen": chosen,
            "images": images,
            "shown_image": shown,
            "breadcrumbs": _category_path(shop_category_tree(), product.category.slug) if product.category else [],
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


@shared_page
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
