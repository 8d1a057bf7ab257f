// socialcrm sign-in page: posts the credentials, then goes where the
// visitor was headed (a path of this site only).
"use strict";
(function () {
  const form = document.getElementById("signin-form");
  const error = document.getElementById("signin-error");
  function next() {
    const n = new URLSearchParams(location.search).get("next") || "/";
    return n.startsWith("/") && !n.startsWith("//") && !n.startsWith("/\\") ? n : "/";
  }
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    const r = await SC.api("/api/v1/session", { method: "POST", body: {
      email: form.email.value, password: form.password.value } });
    if (r.ok) { location.assign(next()); return; }
    error.textContent = r.error;
    error.hidden = false;
  });
})();
