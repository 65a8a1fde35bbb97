// Small progressive enhancements; every page works without them.
(function () {
    "use strict";

    // Fill an empty time-zone field with the browser's zone (the mother can still change it).
    document.querySelectorAll("[data-guess-timezone]").forEach(function (select) {
        if (select.dataset.userChosen === "true") { return; }
        try {
            var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
            if (zone && Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) {
                select.value = zone;
            }
        } catch (e) { /* keep the server's default */ }
    });

    // A photo over the limit is refused before it is sent, with the server's own message, instead of after a long upload.
    document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
        input.addEventListener("change", function () {
            var old = document.getElementById(input.id + "-size-error");
            if (old) { old.remove(); }
            var file = input.files && input.files[0];
            if (!file || file.size <= Number(input.dataset.maxBytes)) { input.removeAttribute("aria-invalid"); return; }
            var error = document.createElement("span");
            error.id = input.id + "-size-error";
            error.className = "field-error";
            error.setAttribute("role", "alert");
            error.textContent = input.dataset.tooBig;
            input.value = "";
            input.setAttribute("aria-invalid", "true");
            input.insertAdjacentElement("afterend", error);
        });
    });

    // Live countdowns: <span data-deadline="ISO" data-left="… {0}" data-overdue="… {0}">.
    var units = document.documentElement.lang === "ru" ? { d: "д", h: "ч", m: "мин" } : { d: "d", h: "h", m: "min" };
    // The same wording as the server's Times.Duration: hours up to 72 h, then days and hours.
    function span(ms) {
        // Time left rounds up (a deadline 23 h 59 min 59 s away still reads "24 ч"); time overdue rounds down.
        var totalMinutes = ms >= 0 ? Math.ceil(ms / 60000) : Math.floor(-ms / 60000), hours = Math.floor(totalMinutes / 60), m = totalMinutes % 60;
        if (hours >= 72) { var d = Math.floor(hours / 24), h = hours % 24; return d + " " + units.d + (h ? " " + h + " " + units.h : ""); }
        if (hours >= 1) { return hours + " " + units.h + (m ? " " + m + " " + units.m : ""); }
        return m + " " + units.m;
    }
    // Count from the server's clock, not the phone's: a phone set to the wrong time must not show a wrong deadline.
    var serverNow = Date.parse(document.body.dataset.serverNow || "");
    var loadedAt = Date.now();
    function now() { return isNaN(serverNow) ? Date.now() : serverNow + (Date.now() - loadedAt); }
    function tick() {
        var current = now();
        document.querySelectorAll("[data-deadline]").forEach(function (el) {
            var left = Date.parse(el.dataset.deadline) - current;
            el.textContent = (left >= 0 ? el.dataset.left : el.dataset.overdue).replace("{0}", span(left));
        });
    }
    if (document.querySelector("[data-deadline]")) { tick(); setInterval(tick, 30000); }
})();
