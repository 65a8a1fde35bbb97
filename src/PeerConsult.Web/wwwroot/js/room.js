// The meeting room: Jitsi's IFrame API when it loads (a clear message and a direct link when it does not), and a
// countdown to the end of the meeting (R3.1) on the server's clock. The page asks the server for its time and for the
// meeting's status every few seconds, so a wrong phone clock never shortens a meeting and an outcome shows at once.
(function () {
    "use strict";
    var root = document.getElementById("room-page");
    if (!root) { return; }
    var d = root.dataset;
    var start = Date.parse(d.start), end = Date.parse(d.end), opens = Date.parse(d.opens);
    var serverNow = Date.parse(d.serverNow), syncedAt = Date.now();
    var warn1 = Number(d.warn1Ms), warn2 = Number(d.warn2Ms), shown = {};
    function now() { return serverNow + (Date.now() - syncedAt); }

    function clock(ms) {
        var s = Math.max(0, Math.ceil(ms / 1000)), m = Math.floor(s / 60), r = s % 60;
        return m + ":" + (r < 10 ? "0" : "") + r;
    }

    function tick() {
        var t = now(), timer = root.querySelector("[data-room-timer]"), warning = root.querySelector("[data-room-warning]");
        if (timer) {
            if (d.phase === "NotYet") { timer.textContent = d.textStarts.replace("{0}", clock(opens - t)); }
            else if (t < start) { timer.textContent = d.textStarts.replace("{0}", clock(start - t)); }
            else if (t < end) { timer.textContent = d.textLeft.replace("{0}", clock(end - t)); }
            else { timer.textContent = d.textOver; }
        }
        if (!warning || t < start) { return; }
        var left = end - t;
        // Gentle, once each: the live region announces it; the text stays until the next one replaces it.
        if (left <= 0 && !shown.end) { shown.end = shown.w1 = shown.w2 = true; warning.textContent = d.textEnded; warning.className = "room-warning shown"; }
        else if (left > 0 && left <= warn2 && !shown.w2) { shown.w2 = shown.w1 = true; warning.textContent = d.textWarn2; warning.className = "room-warning shown"; }
        else if (left > warn2 && left <= warn1 && !shown.w1) { shown.w1 = true; warning.textContent = d.textWarn1; warning.className = "room-warning shown"; }
    }

    // Once she sends a form (e.g. "refuse: video off"), the page's own answer is on its way: a reload started by the
    // poll would replace that answer and its confirmation.
    var leaving = false;
    document.addEventListener("submit", function () { leaving = true; });

    function poll() {
        if (leaving) { return; }
        fetch(d.stateUrl, { cache: "no-store", credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (state) {
            if (!state || leaving) { return; }
            serverNow = Date.parse(state.now); syncedAt = Date.now();
            // The room opened, closed, or the meeting got its outcome (e.g. refused: video off): show it.
            if (state.status !== d.status || state.phase !== d.phase) { window.location.reload(); return; }
            tick();
        }).catch(function () { /* offline for a moment: keep counting on the last sync */ });
    }

    function report(kind) {
        var token = document.querySelector("input[name=__RequestVerificationToken]");
        fetch(d.eventUrl + "&kind=" + kind, { method: "POST", credentials: "same-origin", headers: { "RequestVerificationToken": token ? token.value : "" } })
            .catch(function () { /* a lost join record is not worth bothering her */ });
    }

    function failed() {
        // An empty black frame would only confuse: the message and the direct link take its place.
        var frame = document.getElementById("jitsi"), trouble = root.querySelector("[data-jitsi-trouble]");
        if (frame) { frame.hidden = true; }
        if (trouble) { trouble.hidden = true; }
        var box = root.querySelector("[data-jitsi-failed]");
        if (box) { box.hidden = false; }
    }

    function embed() {
        var frame = document.getElementById("jitsi");
        if (!frame) { return; }
        var f = frame.dataset, done = false;
        var script = document.createElement("script");
        script.src = f.script;
        script.async = true;
        var timeout = setTimeout(function () { if (!done) { done = true; failed(); } }, 15000);
        script.onerror = function () { if (!done) { done = true; clearTimeout(timeout); failed(); } };
        script.onload = function () {
            if (done) { return; }
            done = true;
            clearTimeout(timeout);
            if (typeof window.JitsiMeetExternalAPI !== "function") { failed(); return; }
            var loading = frame.querySelector("[data-jitsi-loading]");
            if (loading) { loading.remove(); }
            try {
                var options = {
                    roomName: f.room,
                    parentNode: frame,
                    width: "100%",
                    height: "100%",
                    lang: f.lang,
                    userInfo: { displayName: f.name },
                    // R3.3: camera and microphone on from the first second; our own check replaces Jitsi's lobby screen.
                    configOverwrite: {
                        startWithAudioMuted: false,
                        startWithVideoMuted: false,
                        prejoinConfig: { enabled: false },
                        disableDeepLinking: true
                    }
                };
                if (f.jwt) { options.jwt = f.jwt; }
                var api = new window.JitsiMeetExternalAPI(f.domain, options);
                api.addListener("videoConferenceJoined", function () { report("Joined"); });
                api.addListener("videoConferenceLeft", function () { report("Left"); });
                window.peerConsultRoom = api;
            } catch (e) { failed(); }
        };
        document.head.appendChild(script);
    }

    embed();
    tick();
    setInterval(tick, 1000);
    setInterval(poll, Math.max(250, Number(d.pollMs) || 20000));
})();
