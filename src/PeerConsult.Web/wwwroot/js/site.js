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

    // Live countdowns: <span data-deadline="ISO" data-left="… {0}" data-overdue="… {0}">.
    var units = document.documentElement.lang === "ru" ? { d: "д", h: "ч", m: "мин" } : { d: "d", h: "h", m: "min" };
    function span(ms) {
        var total = Math.floor(Math.abs(ms) / 60000), d = Math.floor(total / 1440), h = Math.floor((total % 1440) / 60), m = total % 60;
        return d > 0 ? d + " " + units.d + " " + h + " " + units.h : h > 0 ? h + " " + units.h + " " + m + " " + units.m : m + " " + units.m;
    }
    function tick() {
        var now = Date.now();
        document.querySelectorAll("[data-deadline]").forEach(function (el) {
            var left = Date.parse(el.dataset.deadline) - now;
            el.textContent = (left >= 0 ? el.dataset.left : el.dataset.overdue).replace("{0}", span(left));
        });
    }
    if (document.querySelector("[data-deadline]")) { tick(); setInterval(tick, 30000); }
})();
