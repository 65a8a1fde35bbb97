// The pre-meeting check (R7.1, R7.2): camera preview, microphone level, connection speed against the app's own
// endpoints, the checklist; then, for a signed-in mother or consultant, the result is kept with her next meeting.
(function () {
    "use strict";
    var root = document.getElementById("check-page");
    if (!root) { return; }
    var texts = JSON.parse(document.getElementById("check-texts").textContent);
    var minMbps = Number(root.dataset.minMbps);
    var q = function (sel) { return root.querySelector(sel); };
    var result = { cameraOk: false, microphoneOk: false, mediaProblem: null, downloadMbps: null, uploadMbps: null };
    var stream = null, audio = null, running = false;

    function say(sel, text) { q(sel).textContent = text; }
    function fmt(n) { return n.toLocaleString(document.documentElement.lang || "ru", { maximumFractionDigits: 1 }); }

    // getUserMedia errors to the plain reasons the page explains (and stores).
    function problemOf(error) {
        if (!window.isSecureContext) { return "insecure"; }
        if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return "unsupported"; }
        switch (error && error.name) {
            case "NotAllowedError": case "PermissionDeniedError": case "SecurityError": return "denied";
            case "NotFoundError": case "DevicesNotFoundError": case "OverconstrainedError": return "no-device";
            case "NotReadableError": case "TrackStartError": case "AbortError": return "in-use";
            default: return "other";
        }
    }

    function showProblem(problem) {
        result.mediaProblem = problem;
        var box = q("[data-media-problem]");
        say("[data-media-problem-text]", texts["Media.Problem." + problem]);
        box.hidden = false;
        say("[data-camera-status]", texts["Media.Problem." + problem]);
        say("[data-mic-status]", texts["Media.Problem." + problem]);
    }

    function stopMedia() {
        if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
        if (audio) { try { audio.close(); } catch (e) { /* already closed */ } audio = null; }
    }

    function checkMedia() {
        stopMedia();
        q("[data-media-problem]").hidden = true;
        result.cameraOk = result.microphoneOk = false;
        result.mediaProblem = null;
        say("[data-camera-status]", texts["Media.Asking"]);
        if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
            showProblem(problemOf(null));
            return Promise.resolve();
        }
        return navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then(function (s) {
            stream = s;
            var video = document.getElementById("preview");
            video.srcObject = s;
            var play = video.play();
            if (play && play.catch) { play.catch(function () { /* autoplay muted: shown anyway */ }); }
            result.cameraOk = s.getVideoTracks().length > 0 && s.getVideoTracks()[0].readyState === "live";
            say("[data-camera-status]", result.cameraOk ? texts["Media.CameraOk"] : texts["Media.Problem.no-device"]);
            meter(s);
        }).catch(function (error) { showProblem(problemOf(error)); });
    }

    // The level meter: the loudest moment in each short window, so a voice makes it jump and silence lets it fall.
    function meter(s) {
        var Ctx = window.AudioContext || window.webkitAudioContext;
        if (!Ctx || s.getAudioTracks().length === 0) { say("[data-mic-status]", texts["Media.Problem.no-device"]); return; }
        audio = new Ctx();
        if (audio.state === "suspended" && audio.resume) { audio.resume(); }
        var analyser = audio.createAnalyser();
        analyser.fftSize = 1024;
        audio.createMediaStreamSource(s).connect(analyser);
        var data = new Float32Array(analyser.fftSize), level = document.getElementById("mic-level"), heard = 0;
        say("[data-mic-status]", texts["Media.MicQuiet"]);
        (function loop() {
            if (!audio) { return; }
            analyser.getFloatTimeDomainData(data);
            var peak = 0;
            for (var i = 0; i < data.length; i++) { peak = Math.max(peak, Math.abs(data[i])); }
            var value = Math.min(100, Math.round(Math.sqrt(peak) * 100));
            level.value = value;
            level.textContent = String(value);
            if (value >= 8 && ++heard >= 3 && !result.microphoneOk) {
                result.microphoneOk = true;
                say("[data-mic-status]", texts["Media.MicOk"]);
            }
            setTimeout(loop, 100);
        })();
    }

    function now() { return (window.performance && performance.now) ? performance.now() : Date.now(); }

    // Mbit/s of one transfer; a short warm-up request first so connection set-up is not counted.
    function download(bytes) {
        var t0 = now();
        return fetch(root.dataset.downloadUrl + "?bytes=" + bytes + "&r=" + Math.random(), { cache: "no-store" }).then(function (r) {
            if (r.status === 429) { throw new Error("busy"); }
            if (!r.ok) { throw new Error("failed"); }
            return r.arrayBuffer();
        }).then(function (buf) { return { bytes: buf.byteLength, ms: Math.max(1, now() - t0) }; });
    }

    function upload(bytes) {
        var body = new Uint8Array(bytes);
        for (var i = 0; i < bytes; i += 65536) { crypto.getRandomValues(body.subarray(i, Math.min(bytes, i + 65536))); }
        var t0 = now();
        return fetch(root.dataset.uploadUrl, { method: "POST", body: body, headers: { "Content-Type": "application/octet-stream" }, cache: "no-store" }).then(function (r) {
            if (r.status === 429) { throw new Error("busy"); }
            if (!r.ok) { throw new Error("failed"); }
            return { bytes: bytes, ms: Math.max(1, now() - t0) };
        });
    }

    function mbps(m) { return (m.bytes * 8) / (m.ms / 1000) / 1e6; }

    // Grow the sample until it takes long enough to mean something (or the server's limit is reached).
    function measure(fn, max) {
        var size = 256 * 1024;
        return fn(Math.min(32 * 1024, max)).then(function step() {
            return fn(Math.min(size, max)).then(function (m) {
                if (m.ms < 1500 && size < max) { size = Math.min(max, size * 4); return step(); }
                return mbps(m);
            });
        });
    }

    function checkNetwork() {
        var verdict = q("[data-net-verdict]"), advice = q("[data-net-advice]");
        verdict.hidden = true; advice.hidden = true;
        result.downloadMbps = result.uploadMbps = null;
        say("[data-net-status]", texts["Net.Measuring"]);
        return measure(download, Number(root.dataset.maxDownload)).then(function (down) {
            result.downloadMbps = Math.round(down * 10) / 10;
            return measure(upload, Number(root.dataset.maxUpload));
        }).then(function (up) {
            result.uploadMbps = Math.round(up * 10) / 10;
            say("[data-net-status]", texts["Net.Result"].replace("{0}", fmt(result.downloadMbps)).replace("{1}", fmt(result.uploadMbps)));
            var good = result.downloadMbps >= minMbps && result.uploadMbps >= minMbps;
            verdict.textContent = (good ? texts["Net.Good"] : texts["Net.Slow"]).replace("{0}", fmt(minMbps));
            verdict.className = "net-verdict " + (good ? "ok" : "bad");
            verdict.hidden = false;
            advice.hidden = good;
        }).catch(function (error) {
            say("[data-net-status]", error && error.message === "busy" ? texts["Net.Busy"] : texts["Net.Failed"]);
            advice.hidden = false;
        });
    }

    function start() {
        if (running) { return; }
        running = true;
        q("[data-save-status]").textContent = "";
        checkMedia().then(checkNetwork).then(function () { running = false; }, function () { running = false; });
    }

    function save() {
        var boxes = root.querySelectorAll("[data-place]");
        var placeReady = Array.prototype.every.call(boxes, function (b) { return b.checked; });
        var status = q("[data-save-status]");
        status.textContent = texts["Save.Saving"];
        var token = root.querySelector("input[name=__RequestVerificationToken]");
        fetch(root.dataset.resultUrl, {
            method: "POST",
            headers: { "Content-Type": "application/json", "RequestVerificationToken": token ? token.value : "" },
            body: JSON.stringify({
                cameraOk: result.cameraOk, microphoneOk: result.microphoneOk, mediaProblem: result.mediaProblem,
                downloadMbps: result.downloadMbps, uploadMbps: result.uploadMbps, placeReady: placeReady,
                browser: navigator.userAgent
            })
        }).then(function (r) { return r.ok ? r.json() : Promise.reject(); })
            .then(function (answer) { status.textContent = answer.message; }, function () { status.textContent = texts["Save.Failed"]; });
    }

    root.querySelectorAll("[data-check-start]").forEach(function (b) { b.addEventListener("click", start); });
    q("[data-check-save]").addEventListener("click", save);
    window.addEventListener("pagehide", stopMedia);
})();
