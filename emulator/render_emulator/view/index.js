/*
 * index.html: render and match context pickers, host inputs and links to the other views, all carrying
 * the chosen context in their query parameters.
 */
"use strict";

(function (dash) {

    var VIEW_LINK_IDS = ["stacksLink", "stackDetailsLink", "matchTrialLink"];

    function updateLinks(parameters) {
        parameters.updateLink("urlToView");
        var search = parameters.search();
        VIEW_LINK_IDS.forEach(function (linkId) {
            var link = document.getElementById(linkId);
            link.href = link.getAttribute("href").replace(/\?.*$/, "") + search;
        });
    }

    function setUpHostInput(parameters, inputId) {
        var input = document.getElementById(inputId);
        input.value = parameters.get(inputId) || "";
        input.addEventListener("change", function () {
            parameters.set(inputId, input.value.trim());
            updateLinks(parameters);
        });
    }

    /** Match owner and collection pickers with the selected collection's pair count. */
    function loadMatchContext(parameters) {
        var collections = [];

        function showCollection(name) {
            parameters.set("matchCollection", name);
            var selected = collections.filter(function (c) {
                return c.collectionId.name === name;
            })[0];
            document.getElementById("matchCollectionPairCount").textContent =
                selected ? dash.numberWithCommas(selected.pairCount) + " pairs" : "no collections";
            updateLinks(parameters);
        }

        function selectOwner(owner, owners) {
            owner = dash.validValue(owner, owners);
            dash.fillSelect("matchOwner", owners, owner);
            parameters.set("matchOwner", owner);
            if (owner === undefined) {
                collections = [];
                dash.fillSelect("matchCollection", [], undefined);
                showCollection(undefined);
                return Promise.resolve();
            }
            return dash.getJson(dash.servicesBaseUrl() + "/owner/" + encodeURIComponent(owner) + "/matchCollections")
                .then(function (data) {
                    collections = data || [];
                    var names = collections.map(function (c) {
                        return c.collectionId.name;
                    });
                    var name = dash.validValue(parameters.get("matchCollection"), names);
                    dash.fillSelect("matchCollection", names, name);
                    showCollection(name);
                });
        }

        return dash.getJson(dash.servicesBaseUrl() + "/matchCollectionOwners").then(function (owners) {
            owners = owners || [];
            document.getElementById("matchOwner").addEventListener("change", function (event) {
                parameters.set("matchCollection", undefined);
                selectOwner(event.target.value, owners).catch(function (error) {
                    dash.showError("message", "Failed to load match collections.", error);
                });
            });
            document.getElementById("matchCollection").addEventListener("change", function (event) {
                showCollection(event.target.value);
            });
            return selectOwner(parameters.get("matchOwner"), owners);
        }).catch(function (error) {
            dash.showError("message", "Failed to load match collection owners.", error);
        });
    }

    /** Show the API link only when the server has one: Swagger UI first, else the swagger.json spec. */
    function updateApiLink() {
        var candidates = [["../swagger-ui/", "Web Service APIs"], ["../swagger.json", "Web Service API Spec"]];

        function tryNext(index) {
            if (index >= candidates.length) {
                return;
            }
            fetch(candidates[index][0], {method: "HEAD", cache: "no-store"}).then(function (response) {
                if (response.ok) {
                    var link = document.getElementById("apiLink");
                    link.href = candidates[index][0];
                    link.textContent = candidates[index][1];
                    document.getElementById("apiLinkRow").hidden = false;
                } else {
                    tryNext(index + 1);
                }
            }).catch(function () {
                tryNext(index + 1);
            });
        }

        tryNext(0);
    }

    document.addEventListener("DOMContentLoaded", function () {
        updateApiLink();
        dash.loadParameters().then(function (parameters) {
            dash.HOST_KEYS.forEach(function (key) {
                setUpHostInput(parameters, key);
            });
            var context = new dash.StackContext(parameters, {
                owner: "renderStackOwner", project: "renderStackProject", stack: "renderStack",
                message: "message", urlToView: "urlToView"
            });
            context.onChange = function () {
                updateLinks(parameters);
            };
            updateLinks(parameters);
            context.load().then(function () {
                if (context.owners.length === 0) {
                    dash.showNote("message", "No stacks yet: create one (e.g. renderapi.stack.create_stack) " +
                                             "and reload this page.");
                }
            });
            loadMatchContext(parameters);
        });
    });
}(RenderDashboard));
