// The thread page with JavaScript: reply in place, preview in place, unfinished replies
// kept in the browser, and @mention suggestions. Every one of these also works without it
// (the reply page, the preview button posting to it, the member finder page).
(function () {
  "use strict";

  var DRAFT_PREFIX = "cop-draft:";

  function draftKey(form) {
    return DRAFT_PREFIX + new URL(form.action, window.location.href).pathname.replace(/^\/[a-z]{2}\//, "/");
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // private mode or storage refused: drafts are simply not kept
    }
  }

  function restoreDraft(form) {
    var store = storage();
    var box = form.querySelector("textarea[name=body]");
    if (!store || !box) return;
    var saved = store.getItem(draftKey(form));
    if (saved && !box.value) box.value = saved;
  }

  function keepDrafts(form) {
    var store = storage();
    var box = form.querySelector("textarea[name=body]");
    if (!store || !box) return;
    box.addEventListener("input", function () {
      if (box.value.trim()) store.setItem(draftKey(form), box.value);
      else store.removeItem(draftKey(form));
    });
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (!submitter || submitter.name !== "preview") store.removeItem(draftKey(form));
    });
  }

  function setupPreview(form) {
    var button = form.querySelector("button[name=preview]");
    var target = form.querySelector("[data-preview]");
    if (!button || !target) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var data = new FormData();
      data.append("body", form.querySelector("textarea[name=body]").value);
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          return response.text().then(function (text) {
            return { ok: response.ok, text: text };
          });
        })
        .then(function (result) {
          if (result.ok) {
            target.innerHTML = result.text; // rendered and sanitised by the server
          } else {
            target.textContent = result.text;
          }
          target.hidden = false;
        })
        .catch(function () {
          form.requestSubmit(button); // the server-rendered preview page instead
        });
    });
  }

  function setupMentions(form) {
    var box = form.querySelector("textarea[name=body]");
    if (!box || !form.dataset.mentionUrl) return;
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    list.dataset.testid = "mention-list";
    box.insertAdjacentElement("afterend", list);
    var timer = null;
    var current = null;

    function typedName() {
      var before = box.value.slice(0, box.selectionStart);
      var match = /(^|[\s(\[«"'])@([^\s@][^@\n]{0,40})$/.exec(before);
      return match ? { text: match[2], start: before.length - match[2].length - 1 } : null;
    }

    function choose(name) {
      if (!current) return;
      var end = box.selectionStart;
      box.value = box.value.slice(0, current.start) + "@" + name + " " + box.value.slice(end);
      var caret = current.start + name.length + 2;
      box.setSelectionRange(caret, caret);
      box.dispatchEvent(new Event("input"));
      list.hidden = true;
      box.focus();
    }

    box.addEventListener("input", function () {
      current = typedName();
      clearTimeout(timer);
      if (!current || current.text.trim().length < 2) {
        list.hidden = true;
        return;
      }
      var query = current.text.trim();
      timer = setTimeout(function () {
        var url = form.dataset.mentionUrl + "?format=json&q=" + encodeURIComponent(query);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (person) {
              var item = document.createElement("li");
              var button = document.createElement("button");
              button.type = "button";
              button.setAttribute("role", "option");
              button.dir = "auto";
              button.textContent = person.label;
              button.addEventListener("click", function () { choose(person.name); });
              item.appendChild(button);
              list.appendChild(item);
            });
            list.hidden = data.results.length === 0;
          })
          .catch(function () { list.hidden = true; });
      }, 200);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") list.hidden = true;
    });
  }

  function setupForm(form) {
    restoreDraft(form);
    keepDrafts(form);
    setupPreview(form);
    setupMentions(form);
  }

  function setupInlineReply() {
    var form = document.querySelector(".reply-box [data-reply-form]");
    if (!form) return;
    var home = form.parentNode;
    var threadAction = form.action;
    var heading = home.querySelector("h2");
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button--quiet";
    cancel.textContent = form.dataset.cancelLabel || document.documentElement.dataset.cancelLabel || "×";
    cancel.hidden = true;
    cancel.dataset.testid = "inline-cancel";
    form.querySelector(".form__actions").appendChild(cancel);

    function moveTo(container, action) {
      var box = form.querySelector("textarea[name=body]");
      var store = storage();
      if (store && box.value.trim()) store.setItem(draftKey(form), box.value);
      form.action = action;
      box.value = (store && store.getItem(draftKey(form))) || "";
      var preview = form.querySelector("[data-preview]");
      if (preview) preview.hidden = true;
      container.appendChild(form);
      cancel.hidden = container === home;
      box.focus();
    }

    cancel.addEventListener("click", function () {
      moveTo(home, threadAction);
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest("[data-inline-reply]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      var post = link.closest(".post");
      var slot = post.querySelector(":scope > .post__inline-reply");
      if (!slot) {
        slot = document.createElement("div");
        slot.className = "post__inline-reply";
        post.appendChild(slot);
      }
      if (post.classList.contains("post--opening")) {
        moveTo(home, threadAction);
        if (heading) heading.scrollIntoView({ block: "start" });
        return;
      }
      moveTo(slot, link.href);
    });
  }

  document.querySelectorAll("[data-reply-form]").forEach(setupForm);
  setupInlineReply();
})();
