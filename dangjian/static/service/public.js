// Public pages: tap a captcha image for a new one (the new image replaces the answer the form checks).
document.addEventListener("click", (event) => {
  const image = event.target.closest("img.dj-captcha");
  if (image) {
    image.src = `${image.dataset.src}?t=${Date.now()}`;
  }
});
document.addEventListener("keydown", (event) => {
  const image = event.target.closest && event.target.closest("img.dj-captcha");
  if (image && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    image.src = `${image.dataset.src}?t=${Date.now()}`;
  }
});
