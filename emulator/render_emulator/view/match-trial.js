/*
 * match-trial.html: run a match trial (POST owner/{owner}/matchTrial) from SIFT and match parameters and two
 * render-parameters URLs, or show a stored one (?matchTrialId=...): its statistics and the P and Q canvases
 * side by side with a line per match. The trial owner is matchOwner (render-ws's page uses a fixed owner).
 */
"use strict";

(function () {
    var dash = RenderDashboard;
    var DEFAULT_OWNER = "flyTEM";
    var SIFT_FIELDS = ["fdSize", "minScale", "maxScale", "steps"];
    var MATCH_FIELDS = ["matchModelType", "matchRod", "matchIterations", "matchMaxEpsilonFullScale",
                        "matchMinInlierRatio", "matchMinNumInliers", "matchMaxTrust", "matchFilter",
                        "matchFullScaleCoverageRadius"];
    var TEXT_FIELDS = ["matchModelType", "matchFilter"];
    var GAP = 10;

    function value(id) {
        var text = document.getElementById(id).value.trim();
        if (TEXT_FIELDS.indexOf(id) > -1) {
            return text;
        }
        return text.length > 0 ? Number(text) : null;
    }

    function readForm() {
        var sift = {}, match = {};
        SIFT_FIELDS.forEach(function (id) { sift[id] = value(id); });
        MATCH_FIELDS.forEach(function (id) { match[id] = value(id); });
        return {featureAndMatchParameters: {siftFeatureParameters: sift, matchDerivationParameters: match},
                pRenderParametersUrl: document.getElementById("pRenderParametersUrl").value.trim(),
                qRenderParametersUrl: document.getElementById("qRenderParametersUrl").value.trim()};
    }

    function fillForm(parameters) {
        var featureAndMatch = parameters.featureAndMatchParameters || {};
        var given = Object.assign({}, featureAndMatch.siftFeatureParameters,
                                  featureAndMatch.matchDerivationParameters);
        SIFT_FIELDS.concat(MATCH_FIELDS).forEach(function (id) {
            if (given[id] !== undefined) {
                document.getElementById(id).value = given[id];
            }
        });
        document.getElementById("pRenderParametersUrl").value = parameters.pRenderParametersUrl || "";
        document.getElementById("qRenderParametersUrl").value = parameters.qRenderParametersUrl || "";
    }

    function renderScale(url) {
        try {
            var scale = new URL(url, window.location.href).searchParams.get("scale");
            return scale === null ? 1.0 : Number(scale);
        } catch (e) {
            return 1.0;
        }
    }

    function showStats(trial) {
        var body = document.querySelector("#trialStats tbody");
        body.textContent = "";
        var stats = Object.assign({matchCount: (trial.matches || []).reduce(function (count, matches) {
            return count + matches.w.length;
        }, 0)}, trial.stats);
        Object.keys(stats).forEach(function (key) {
            var shown = Array.isArray(stats[key]) ? "[" + stats[key].join(", ") + "]" : String(stats[key]);
            body.appendChild(dash.element("tr", {"data-stat": key},
                                          [dash.element("td", {}, [key]), dash.element("td", {}, [shown])]));
        });
        document.getElementById("resultsHeader").hidden = false;
        document.getElementById("trialStats").hidden = false;
    }

    function loadImage(url) {
        return new Promise(function (resolve, reject) {
            var image = new Image();
            image.onload = function () { resolve(image); };
            image.onerror = function () { reject(new Error("failed to load " + url)); };
            image.src = url;
        });
    }

    /** The canvases as render-ws's page shows them: each render-parameters URL as a jpeg-image. */
    function drawMatches(trial) {
        var parameters = trial.parameters;
        var scale = renderScale(parameters.pRenderParametersUrl);
        var urls = [parameters.pRenderParametersUrl, parameters.qRenderParametersUrl].map(function (url) {
            return url.replace("render-parameters", "jpeg-image");
        });
        return Promise.all(urls.map(loadImage)).then(function (images) {
            var canvas = document.getElementById("trialCanvas");
            canvas.width = images[0].width + GAP + images[1].width;
            canvas.height = Math.max(images[0].height, images[1].height);
            var context = canvas.getContext("2d");
            context.drawImage(images[0], 0, 0);
            context.drawImage(images[1], images[0].width + GAP, 0);
            var colors = ["#00ff00", "#ff00ff", "#00ffff", "#ffff00"];
            var lines = 0;
            (trial.matches || []).forEach(function (matches, setIndex) {
                context.strokeStyle = colors[setIndex % colors.length];
                for (var i = 0; i < matches.w.length; i++) {
                    context.beginPath();
                    context.moveTo(matches.p[0][i] * scale, matches.p[1][i] * scale);
                    context.lineTo(images[0].width + GAP + matches.q[0][i] * scale, matches.q[1][i] * scale);
                    context.stroke();
                    lines++;
                }
            });
            canvas.setAttribute("data-lines", String(lines));
            canvas.hidden = false;
        });
    }

    function showTrial(trial, trialId) {
        document.getElementById("trialId").textContent = trialId;
        document.getElementById("deleteTrial").hidden = false;
        fillForm(trial.parameters);
        showStats(trial);
        return drawMatches(trial).catch(function (error) {
            dash.showError("message", "failed to draw the canvases", error);
        });
    }

    function trialUrl(owner, trialId) {
        return dash.ownerUrl(owner) + "/matchTrial" + (trialId ? "/" + encodeURIComponent(trialId) : "");
    }

    function setTrialInUrl(parameters, trialId) {
        parameters.set("matchTrialId", trialId);
        window.history.replaceState(null, "", "?" + parameters.search());
        parameters.updateLink("urlToView");
    }

    function runTrial(parameters, owner) {
        var running = document.getElementById("trialRunning");
        running.hidden = false;
        return fetch(trialUrl(owner), {method: "POST", cache: "no-store", body: JSON.stringify(readForm()),
                                       headers: {"Content-Type": "application/json", "Accept": "application/json"}})
            .then(function (response) {
                return response.text().then(function (body) {
                    if (!response.ok) {
                        throw new Error(body || response.status + " " + response.statusText);
                    }
                    return JSON.parse(body);
                });
            })
            .then(function (trial) {
                setTrialInUrl(parameters, trial.id);
                return showTrial(trial, trial.id);
            })
            .catch(function (error) { dash.showError("message", "failed to run the trial", error); })
            .then(function () { running.hidden = true; });
    }

    function deleteTrial(owner, trialId) {
        return dash.sendRequest("DELETE", trialUrl(owner, trialId))
            .then(function () { document.getElementById("trialId").textContent = trialId + " DELETED"; })
            .catch(function (error) { dash.showError("message", "failed to delete the trial", error); });
    }

    window.addEventListener("DOMContentLoaded", function () {
        dash.loadParameters().then(function (parameters) {
            var owner = parameters.get("matchOwner") || DEFAULT_OWNER;
            parameters.updateLink("urlToView");
            document.getElementById("runTrial").addEventListener("click", function () {
                runTrial(parameters, owner);
            });
            document.getElementById("deleteTrial").addEventListener("click", function () {
                deleteTrial(owner, parameters.get("matchTrialId"));
            });
            var trialId = parameters.get("matchTrialId");
            if (trialId && trialId !== "TBD") {
                dash.getJson(trialUrl(owner, trialId))
                    .then(function (trial) { return showTrial(trial, trialId); })
                    .catch(function (error) { dash.showError("message", "failed to load trial " + trialId, error); });
            }
        });
    });
}());
