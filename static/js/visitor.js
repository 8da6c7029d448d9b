// A shared (cached) page carries no CSRF token: it is personal. Before a form of this page is
// first posted, ask /visitor/ for this visitor's token (it also sets the CSRF cookie), then post.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  const field = form.querySelector("input[data-visitor-csrf]");
  if (!field || field.value) return;
  event.preventDefault();
  const response = await fetch("/visitor/", { credentials: "same-origin", headers: { Accept: "application/json" } });
  const visitor = await response.json();
  document.querySelectorAll("input[data-visitor-csrf]").forEach((input) => { input.value = visitor.csrf_token; });
  form.requestSubmit(event.submitter);
});
