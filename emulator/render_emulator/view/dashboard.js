/*
 * Shared helpers of the render-ws emulator dashboard pages (plain JavaScript, no libraries).
 *
 * Pages keep their context in the query parameters render-ws's dashboard uses (renderStackOwner,
 * renderStackProject, renderStack, matchOwner, matchCollection, dynamicRenderHost, catmaidHost, ndvizHost);
 * parameters missing from the URL default to the server's "view.*" properties (GET v1/serverProperties).
 * The API is always called relative to the page's origin: {origin}/render-ws/v1.
 */
"use strict";

var RenderDashboard = (function () {

    var HOST_KEYS = ["dynamicRenderHost", "catmaidHost", "ndvizHost"];

    function servicesBaseUrl() {
        return window.location.origin + "/render-ws/v1";
    }

    function encodePath(segment) {
        return encodeURIComponent(segment);
    }

    function ownerUrl(owner) {
        return servicesBaseUrl() + "/owner/" + encodePath(owner);
    }

    function stackUrl(owner, project, stack) {
        return ownerUrl(owner) + "/project/" + encodePath(project) + "/stack/" + encodePath(stack);
    }

    /** Text of a failed response: the server's text/plain body, or the status line for HTML bodies. */
    function errorText(response, body) {
        var contentType = response.headers.get("content-type") || "";
        if (contentType.indexOf("html") > -1 || !body) {
            return response.status + " " + response.statusText;
        }
        return body;
    }

    /** fetch(url) and parse JSON; rejects with an Error whose message is the server's error text. */
    function getJson(url) {
        return fetch(url, {cache: "no-store", headers: {"Accept": "application/json"}})
            .then(function (response) {
                return response.text().then(function (body) {
                    if (!response.ok) {
                        throw new Error(errorText(response, body));
                    }
                    return body.length > 0 ? JSON.parse(body) : null;
                });
            });
    }

    function sendRequest(method, url) {
        return fetch(url, {method: method, cache: "no-store"}).then(function (response) {
            return response.text().then(function (body) {
                if (!response.ok) {
                    throw new Error(errorText(response, body));
                }
                return body;
            });
        });
    }

    /** The page's query parameters as a mutable map that can rewrite the "URL to this view" link. */
    function QueryParameters() {
        this.map = {};
        var search = new URLSearchParams(window.location.search);
        var self = this;
        search.forEach(function (value, key) {
            self.map[key] = value;
        });
    }

    QueryParameters.prototype.get = function (key) {
        return this.map[key];
    };

    QueryParameters.prototype.set = function (key, value) {
        if (value === undefined || value === null || value === "") {
            delete this.map[key];
        } else {
            this.map[key] = String(value);
        }
    };

    /** Server "view.*" properties fill the parameters the URL does not give (empty values are skipped). */
    QueryParameters.prototype.applyServerProperties = function (properties) {
        var self = this;
        Object.keys(properties || {}).forEach(function (key) {
            if (key.indexOf("view.") === 0) {
                var viewKey = key.substring(5);
                var value = properties[key];
                if (self.map[viewKey] === undefined && value !== "") {
                    self.map[viewKey] = value;
                }
            }
        });
    };

    QueryParameters.prototype.search = function (keys) {
        var params = new URLSearchParams();
        var self = this;
        (keys || Object.keys(this.map)).forEach(function (key) {
            if (self.map[key] !== undefined) {
                params.set(key, self.map[key]);
            }
        });
        var text = params.toString();
        return text.length > 0 ? "?" + text : "";
    };

    QueryParameters.prototype.updateLink = function (linkId) {
        var link = document.getElementById(linkId);
        if (link) {
            link.href = window.location.origin + window.location.pathname + this.search();
        }
    };

    /** Query parameters with the server defaults applied (a failing serverProperties call is ignored). */
    function loadParameters() {
        var parameters = new QueryParameters();
        return getJson(servicesBaseUrl() + "/serverProperties")
            .then(function (data) {
                parameters.applyServerProperties(data && data.properties);
                return parameters;
            })
            .catch(function (error) {
                console.log("serverProperties: " + error.message);
                return parameters;
            });
    }

    function showError(messageId, summary, error) {
        var message = document.getElementById(messageId);
        if (message) {
            message.textContent = summary + "  Detailed error: " + (error && error.message ? error.message : error);
            message.classList.remove("note");
            message.classList.add("error");
        }
    }

    function showNote(messageId, text) {
        var message = document.getElementById(messageId);
        if (message) {
            message.textContent = text;
            message.classList.remove("error");
            message.classList.add("note");
        }
    }

    /** First of: selected (if valid), fallback (if valid), the first value; undefined for no values. */
    function validValue(selected, values, fallback) {
        if (selected !== undefined && values.indexOf(selected) > -1) {
            return selected;
        }
        if (fallback !== undefined && values.indexOf(fallback) > -1) {
            return fallback;
        }
        return values.length > 0 ? values[0] : undefined;
    }

    function fillSelect(selectId, values, selected, labels) {
        var select = document.getElementById(selectId);
        if (!select) {
            return;
        }
        select.textContent = "";
        values.forEach(function (value, index) {
            var option = document.createElement("option");
            option.value = value;
            option.textContent = labels ? labels[index] : value;
            if (value === selected) {
                option.setAttribute("selected", "");   // also marks the choice in the serialized DOM
            }
            select.appendChild(option);
        });
        select.disabled = values.length === 0;
    }

    function element(tag, attributes, children) {
        var node = document.createElement(tag);
        Object.keys(attributes || {}).forEach(function (key) {
            if (key === "className") {
                node.className = attributes[key];
            } else if (key === "text") {
                node.textContent = attributes[key];
            } else {
                node.setAttribute(key, attributes[key]);
            }
        });
        (children || []).forEach(function (child) {
            node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
        });
        return node;
    }

    function link(href, text, newTab) {
        var attributes = {href: href, text: text};
        if (newTab !== false) {
            attributes.target = "_blank";
        }
        return element("a", attributes);
    }

    function numberWithCommas(value) {
        if (value === undefined || value === null || value === "") {
            return "";
        }
        var parts = String(value).split(".");
        parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
        return parts.join(".");
    }

    function definedValue(value) {
        return (value === undefined || value === null) ? "" : value;
    }

    /**
     * The render context of a page: owners, the selected owner's stack metadata, its projects and stacks.
     * select ids may be undefined for pickers a page does not show.
     */
    function StackContext(parameters, ids) {
        this.parameters = parameters;
        this.ids = ids;
        this.owner = parameters.get("renderStackOwner");
        this.project = parameters.get("renderStackProject");
        this.stack = parameters.get("renderStack");
        // the stack named in the page's URL: reported (not silently replaced) when it does not exist
        this.requestedStack = new URLSearchParams(window.location.search).get("renderStack") || undefined;
        this.owners = [];
        this.stackMetaDataList = [];
        this.projects = [];
        this.onChange = function () {};
    }

    StackContext.prototype.projectStacks = function () {
        var project = this.project;
        return this.stackMetaDataList.filter(function (meta) {
            return meta.stackId.project === project;
        });
    };

    StackContext.prototype.stackMetaData = function () {
        var stack = this.stack;
        return this.projectStacks().filter(function (meta) {
            return meta.stackId.stack === stack;
        })[0];
    };

    StackContext.prototype.remember = function () {
        this.parameters.set("renderStackOwner", this.owner);
        this.parameters.set("renderStackProject", this.project);
        this.parameters.set("renderStack", this.ids.stack ? this.stack : this.parameters.get("renderStack"));
        this.parameters.updateLink(this.ids.urlToView);
    };

    StackContext.prototype.selectProject = function (project) {
        this.project = validValue(project, this.projects);
        var stacks = this.projectStacks().map(function (meta) {
            return meta.stackId.stack;
        });
        var requested = this.requestedStack;
        this.requestedStack = undefined;
        if (requested !== undefined && stacks.indexOf(requested) === -1) {
            this.stack = undefined;
            showError(this.ids.message, "Stack '" + requested + "' does not exist in owner '" +
                      definedValue(this.owner) + "', project '" + definedValue(this.project) +
                      "': pick one of its stacks.", "renderStack=" + requested + " is not a stack of this project");
        } else {
            this.stack = validValue(this.stack, stacks);
        }
        if (this.ids.project) {
            fillSelect(this.ids.project, this.projects, this.project);
        }
        if (this.ids.stack) {
            fillSelect(this.ids.stack, stacks, this.stack);
        }
        this.remember();
        this.onChange(this);
    };

    StackContext.prototype.selectOwner = function (owner) {
        var self = this;
        this.owner = validValue(owner, this.owners);
        if (this.ids.owner) {
            fillSelect(this.ids.owner, this.owners, this.owner);
        }
        if (this.owner === undefined) {
            this.stackMetaDataList = [];
            this.projects = [];
            this.selectProject(undefined);
            return Promise.resolve(this);
        }
        return getJson(ownerUrl(this.owner) + "/stacks").then(function (list) {
            self.stackMetaDataList = list || [];
            var projects = [];
            self.stackMetaDataList.forEach(function (meta) {
                if (projects.indexOf(meta.stackId.project) === -1) {
                    projects.push(meta.stackId.project);
                }
            });
            self.projects = projects;
            self.selectProject(self.project);
            return self;
        });
    };

    StackContext.prototype.selectStack = function (stack) {
        this.stack = stack;
        this.remember();
        this.onChange(this);
    };

    StackContext.prototype.wirePickers = function () {
        var self = this;
        var messageId = this.ids.message;
        if (this.ids.owner) {
            document.getElementById(this.ids.owner).addEventListener("change", function (event) {
                self.selectOwner(event.target.value).catch(function (error) {
                    showError(messageId, "Failed to load render stack metadata.", error);
                });
            });
        }
        if (this.ids.project) {
            document.getElementById(this.ids.project).addEventListener("change", function (event) {
                self.selectProject(event.target.value);
            });
        }
        if (this.ids.stack) {
            document.getElementById(this.ids.stack).addEventListener("change", function (event) {
                self.selectStack(event.target.value);
            });
        }
    };

    /** Load owners, then the selected owner's stacks; calls onChange whenever the selection changes. */
    StackContext.prototype.load = function () {
        var self = this;
        var messageId = this.ids.message;
        this.wirePickers();
        return getJson(servicesBaseUrl() + "/owners")
            .then(function (owners) {
                self.owners = owners || [];
                return self.selectOwner(self.owner).catch(function (error) {
                    showError(messageId, "Failed to load render stack metadata.", error);
                });
            })
            .catch(function (error) {
                showError(messageId, "Failed to load render stack owners.", error);
            });
    };

    /** Query string that opens another view on one stack, carrying the host parameters along. */
    function stackViewSearch(parameters, stackId) {
        var params = new URLSearchParams();
        params.set("renderStackOwner", stackId.owner);
        params.set("renderStackProject", stackId.project);
        params.set("renderStack", stackId.stack);
        HOST_KEYS.forEach(function (key) {
            if (parameters.get(key) !== undefined) {
                params.set(key, parameters.get(key));
            }
        });
        return "?" + params.toString();
    }

    /** The per-stack "View" links of the stacks table (render-ws's dropdown entries). */
    function stackViewLinks(parameters, meta) {
        var stackId = meta.stackId;
        var base = stackUrl(stackId.owner, stackId.project, stackId.stack);
        var links = [link(base, "Metadata")];
        var bounds = meta.stats && meta.stats.stackBounds;
        var version = meta.currentVersion;
        var catmaidHost = parameters.get("catmaidHost");
        if (catmaidHost !== undefined) {
            var xp = 0, yp = 0, zp = 0;
            if (bounds && version) {
                xp = (bounds.minX + (bounds.maxX - bounds.minX) / 2) * version.stackResolutionX;
                yp = (bounds.minY + (bounds.maxY - bounds.minY) / 2) * version.stackResolutionY;
                zp = bounds.minZ * version.stackResolutionZ;
            }
            links.push(link("http://" + catmaidHost + "/?tool=navigator&s0=8&pid=" +
                            encodeURIComponent(stackId.project) + "&sid0=" + encodeURIComponent(stackId.stack) +
                            "&zp=" + zp + "&yp=" + yp + "&xp=" + xp, "CATMAID"));
        }
        var ndvizHost = parameters.get("ndvizHost");
        if (ndvizHost !== undefined) {
            links.push(link("http://" + ndvizHost + "/render/" + window.location.host + "/" +
                            [stackId.owner, stackId.project, stackId.stack].map(encodePath).join("/") + "/",
                            "NdViz"));
        }
        [["zValues", "Z Values"], ["mergeableZValues", "Mergeable Z Values"],
         ["mergedZValues", "Merged Z Values"], ["mergeableData", "Mergeable Data"],
         ["sectionData", "Section Data"], ["reorderedSectionData", "Re-ordered Section Data"]
        ].forEach(function (entry) {
            links.push(link(base + "/" + entry[0], entry[1]));
        });
        links.push(link("stack-details.html" + stackViewSearch(parameters, stackId), "Stack Details Charts"));
        return links;
    }

    /** One open action menu at a time: a click outside a menu closes the open ones. */
    document.addEventListener("click", function (event) {
        document.querySelectorAll("details.menu[open]").forEach(function (menu) {
            if (!menu.contains(event.target)) {
                menu.open = false;
            }
        });
    });

    function menu(label, className, entries) {
        var list = element("div", {className: "menu-items"}, entries);
        return element("details", {className: "menu " + className}, [element("summary", {text: label}), list]);
    }

    /**
     * One stack summary row: Cycle, Step, Name, State, First Layer, Last Layer, Layer Count, Tile Count,
     * Shared Transform Count, Last Modified and (unless OFFLINE or actions are off) the action menus.
     * Each cell carries data-sort (a number where it sorts as one).
     */
    function stackSummaryRow(parameters, meta, actions) {
        var version = meta.currentVersion || {};
        var stats = meta.stats;
        var bounds = stats && stats.stackBounds;
        var cells = [
            numericCell(version.cycleNumber),
            numericCell(version.cycleStepNumber),
            nameCell(parameters, meta),
            textCell(meta.state, meta.state),
            numericCell(bounds ? bounds.minZ : undefined),
            numericCell(bounds ? bounds.maxZ : undefined),
            numericCell(stats ? stats.sectionCount : undefined, true),
            numericCell(stats ? stats.tileCount : undefined, true),
            numericCell(stats ? stats.transformCount : undefined, true),
            modifiedCell(stats ? meta.lastModifiedTimestamp : undefined)
        ];
        var actionCell = element("td", {className: "actions"});
        if (actions && meta.state !== "OFFLINE") {
            actionCell.appendChild(menu("View", "view-menu", stackViewLinks(parameters, meta)));
            if (actions.manage) {
                actionCell.appendChild(menu("Manage", "manage-menu", actions.manage(meta)));
            }
        }
        cells.push(actionCell);
        var row = element("tr", {className: meta.state, "data-stack": meta.stackId.stack}, cells);
        return row;
    }

    function numericCell(value, commas) {
        var shown = definedValue(value);
        var cell = element("td", {className: "number", text: commas ? numberWithCommas(shown) : String(shown)});
        cell.setAttribute("data-sort", shown === "" ? "" : String(shown));
        return cell;
    }

    function textCell(text, sortValue) {
        var cell = element("td", {text: definedValue(text)});
        cell.setAttribute("data-sort", definedValue(sortValue));
        return cell;
    }

    function nameCell(parameters, meta) {
        var cell = element("td", {className: "name"},
                           [link("stack-details.html" + stackViewSearch(parameters, meta.stackId), meta.stackId.stack)]);
        cell.setAttribute("data-sort", meta.stackId.stack);
        return cell;
    }

    function modifiedCell(timestamp) {
        if (!timestamp) {
            return textCell("", "");
        }
        var date = new Date(timestamp);
        var cell = element("td", {text: date.toLocaleString(), title: timestamp});
        cell.setAttribute("data-sort", String(date.getTime()));
        return cell;
    }

    /** Header clicks sort the table's tbody rows by the cells' data-sort values (numbers as numbers). */
    function makeSortable(table) {
        var headers = table.querySelectorAll("thead th");
        headers.forEach(function (header, column) {
            if (header.getAttribute("data-sorter") === "false") {
                return;
            }
            header.classList.add("sortable");
            header.addEventListener("click", function () {
                var ascending = header.getAttribute("aria-sort") !== "ascending";
                headers.forEach(function (other) {
                    other.removeAttribute("aria-sort");
                });
                header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
                sortRows(table.tBodies[0], column, ascending);
            });
        });
    }

    function sortKey(row, column) {
        var cell = row.cells[column];
        var raw = cell ? (cell.getAttribute("data-sort") || cell.textContent) : "";
        var number = Number(raw);
        return {empty: raw === "", isNumber: raw !== "" && !isNaN(number), number: number, text: raw};
    }

    function compareKeys(a, b) {
        if (a.empty || b.empty) {
            return (a.empty ? 1 : 0) - (b.empty ? 1 : 0);
        }
        if (a.isNumber && b.isNumber) {
            return a.number - b.number;
        }
        return a.text.localeCompare(b.text);
    }

    function sortRows(tbody, column, ascending) {
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (rowA, rowB) {
            var a = sortKey(rowA, column);
            var b = sortKey(rowB, column);
            if (a.empty !== b.empty) {
                return compareKeys(a, b);   // empty cells last in both directions
            }
            var order = compareKeys(a, b);
            return ascending ? order : -order;
        });
        rows.forEach(function (row) {
            tbody.appendChild(row);
        });
    }

    return {
        HOST_KEYS: HOST_KEYS,
        servicesBaseUrl: servicesBaseUrl,
        ownerUrl: ownerUrl,
        stackUrl: stackUrl,
        getJson: getJson,
        sendRequest: sendRequest,
        loadParameters: loadParameters,
        showError: showError,
        showNote: showNote,
        validValue: validValue,
        fillSelect: fillSelect,
        element: element,
        link: link,
        numberWithCommas: numberWithCommas,
        StackContext: StackContext,
        stackViewSearch: stackViewSearch,
        stackSummaryRow: stackSummaryRow,
        makeSortable: makeSortable
    };
}());
