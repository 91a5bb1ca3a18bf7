// Forms added inside an added form (a table row in a new table) get no tabs from
// modeltranslation; give them the same tabs, opening on the page's language.
(function ($) {
  function tabify(form) {
    var groups = {};
    form.querySelectorAll(".mt").forEach(function (field) {
      var match = /^(.*)_([a-z]{2})$/.exec(field.name || "");
      if (!match || field.name.indexOf("__prefix__") !== -1 || field.closest(".ui-tabs")) return;
      (groups[match[1]] = groups[match[1]] || []).push({language: match[2], field: field});
    });
    Object.keys(groups).forEach(function (name) {
      var fields = groups[name], list = $("<ul></ul>"), container = $("<div></div>").append(list);
      var active = 0;
      $(fields[0].field.closest(".form-row")).before(container);
      fields.forEach(function (item, index) {
        var row = item.field.closest(".form-row"), panel = $("<div></div>", {id: "tab_" + item.field.id});
        $(row).find("label").each(function () { this.textContent = this.textContent.replace(/ \[.+\]/, ""); });
        list.append($("<li></li>").append($("<a></a>", {href: "#tab_" + item.field.id, text: item.language})));
        container.append(panel.append(row));
        if (item.language === document.documentElement.lang) active = index;
      });
      container.tabs({active: active});
    });
  }
  $(document).on("formset:added", function (event, $form) {
    var form = $form && $form[0] ? $form[0] : event.target;
    setTimeout(function () { tabify(form); }, 0);
  });
})(django.jQuery);

// Mark the language tabs of a missing or outdated translation, once the tabs exist.
function markTabs() {
  var statuses = {};
  document.querySelectorAll("#translation-status li").forEach(function (item) {
    statuses[item.dataset.language] = item.dataset;
  });
  document.querySelectorAll(".ui-tabs-nav li a").forEach(function (link) {
    var language = statuses[link.textContent.trim()];
    if (language && language.status !== "complete" && !link.parentElement.classList.contains("translation-" + language.status)) {
      link.parentElement.classList.add("translation-" + language.status);
      link.title = link.title + " (" + language.label + ")";
    }
  });
}
django.jQuery(function () { setTimeout(markTabs, 0); });
window.addEventListener("load", markTabs);
