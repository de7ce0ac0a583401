/*
 * stacks.html: the "Project Stacks" dashboard - one sortable row per stack of the selected owner and
 * project, with "View" links and a "Manage > Delete Stack" action (OFFLINE stacks get neither).
 */
"use strict";

(function (dash) {

    /** "Delete Stack" entry: confirm, DELETE the stack, reload on success, show the error otherwise. */
    function manageEntries(meta) {
        var stackId = meta.stackId;
        var deleteLink = dash.element("a", {href: "#", className: "delete-stack", text: "Delete Stack"});
        deleteLink.addEventListener("click", function (event) {
            event.preventDefault();
            if (!window.confirm("Are you sure you want to delete the " + stackId.stack + " stack?")) {
                return;
            }
            var actions = deleteLink.closest("td");
            actions.textContent = "";
            actions.appendChild(dash.element("span", {className: "delete-in-progress", text: "delete in progress"}));
            dash.sendRequest("DELETE", dash.stackUrl(stackId.owner, stackId.project, stackId.stack))
                .then(function () {
                    window.location.reload();
                })
                .catch(function (error) {
                    actions.textContent = "";
                    dash.showError("message", "Failed to delete " + stackId.stack + ".", error);
                });
        });
        return [deleteLink];
    }

    function showProject(context) {
        var parameters = context.parameters;
        var stacks = context.projectStacks();
        var tbody = document.querySelector("#stackInfo tbody");
        tbody.textContent = "";
        if (context.owner === undefined) {
            document.title = "Project Stacks";
            document.getElementById("bodyHeader").textContent = "Project Stacks";
            document.getElementById("bodyHeaderDetails").textContent = "";
            dash.showNote("message", "No stacks yet: create one (e.g. renderapi.stack.create_stack) " +
                                     "and reload this page.");
            return;
        }
        var ownerAndProject = context.owner + " " + context.project;
        document.title = ownerAndProject + " Stacks";
        document.getElementById("bodyHeader").textContent = ownerAndProject;
        document.getElementById("bodyHeaderDetails").textContent =
            "(" + stacks.length + (stacks.length === 1 ? " stack)" : " stacks)");
        stacks.forEach(function (meta) {
            tbody.appendChild(dash.stackSummaryRow(parameters, meta, {manage: manageEntries}));
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        dash.makeSortable(document.getElementById("stackInfo"));
        dash.loadParameters().then(function (parameters) {
            var context = new dash.StackContext(parameters, {
                owner: "renderStackOwner", project: "renderStackProject",
                message: "message", urlToView: "urlToView"
            });
            context.onChange = showProject;
            context.load();
        });
    });
}(RenderDashboard));
