/*
 * stack-details.html: one stack's summary row, an SVG chart of tile counts per z (original, reacquired,
 * merged and missing layers), a chart of layer bounds per z and per-z links, from GET {S}/sectionData.
 */
"use strict";

(function (dash) {

    var SERIES_COLORS = {
        original: "#2f7ed8", reacquired: "#f28f43", merged: "#8bbc21", missing: "#c42525"
    };
    var MAX_LAYER_ROWS = 5000;

    /** render-ws's rule: a section id is original unless it ends in a ".n" other than ".0". */
    function isOriginalSection(sectionId) {
        var dot = sectionId.lastIndexOf(".");
        return dot <= 0 || sectionId.substring(dot) === ".0";
    }

    /** z -> {z, tileCount, sections, type}, with integer gaps between the first and last z as "missing". */
    function layersByZ(sectionData) {
        var byZ = {};
        sectionData.forEach(function (section) {
            var layer = byZ[section.z];
            if (layer === undefined) {
                layer = byZ[section.z] = {z: section.z, tileCount: 0, sections: []};
            }
            layer.tileCount += section.tileCount;
            layer.sections.push(section);
        });
        var zValues = Object.keys(byZ).map(Number);
        if (zValues.length > 0) {
            var present = {};
            zValues.forEach(function (z) {
                present[Math.trunc(z)] = true;
            });
            var first = Math.trunc(Math.min.apply(null, zValues));
            var last = Math.trunc(Math.max.apply(null, zValues));
            for (var z = first; z <= last; z++) {
                if (!present[z]) {
                    byZ[z] = {z: z, tileCount: 0, sections: []};
                }
            }
        }
        return Object.keys(byZ).map(function (key) {
            var layer = byZ[key];
            if (layer.sections.length > 1) {
                layer.type = "merged";
            } else if (layer.sections.length === 1) {
                layer.type = isOriginalSection(String(layer.sections[0].sectionId)) ? "original" : "reacquired";
            } else {
                layer.type = "missing";
            }
            return layer;
        }).sort(function (a, b) {
            return a.z - b.z;
        });
    }

    function sectionIds(layer) {
        return layer.sections.map(function (s) {
            return s.sectionId;
        }).join(", ");
    }

    function layerLinks(context, z) {
        var base = dash.stackUrl(context.owner, context.project, context.stack) + "/z/" + z;
        var links = [dash.link(base + "/bounds", "bounds"), dash.link(base + "/tileBounds", "tile bounds"),
                     dash.link(base + "/resolvedTiles", "resolved tiles")];
        var renderHost = context.parameters.get("dynamicRenderHost");
        if (renderHost !== undefined) {
            links.push(dash.link("http://" + renderHost + "/render-ws/v1/owner/" +
                                 [context.owner, "project", context.project, "stack", context.stack]
                                     .map(encodeURIComponent).join("/") +
                                 "/largeDataTileSource/2048/2048/small/" + z +
                                 ".jpg?maxOverviewWidthAndHeight=400&maxTileSpecsToRender=1&translateOrigin=true",
                                 "overview"));
        }
        return links;
    }

    function selectLayer(z) {
        document.querySelectorAll("#layers tr.selected").forEach(function (row) {
            row.classList.remove("selected");
        });
        var row = document.getElementById("layer-" + z);
        if (row) {
            row.classList.add("selected");
            row.scrollIntoView({block: "center"});
        }
    }

    function showLayerTable(context, layers) {
        var tbody = document.querySelector("#layers tbody");
        tbody.textContent = "";
        layers.slice(0, MAX_LAYER_ROWS).forEach(function (layer) {
            var linksCell = dash.element("td");
            layerLinks(context, layer.z).forEach(function (link, index) {
                if (index > 0) {
                    linksCell.appendChild(document.createTextNode(", "));
                }
                linksCell.appendChild(link);
            });
            tbody.appendChild(dash.element("tr", {id: "layer-" + layer.z, className: layer.type}, [
                dash.element("td", {className: "number", text: String(layer.z)}),
                dash.element("td", {text: sectionIds(layer)}),
                dash.element("td", {text: layer.type}),
                dash.element("td", {className: "number", text: dash.numberWithCommas(layer.tileCount)}),
                linksCell
            ]));
        });
        var shown = layers.length > 0;
        document.getElementById("layers").hidden = !shown;
        var header = document.getElementById("layersHeader");
        header.hidden = !shown;
        header.textContent = layers.length > MAX_LAYER_ROWS ?
            "Layers (first " + MAX_LAYER_ROWS + " of " + layers.length + ")" : "Layers (" + layers.length + ")";
    }

    function showCharts(context, layers, sectionData) {
        var subtitle = "project: " + context.project + ", stack: " + context.stack;
        var series = ["original", "reacquired", "merged", "missing"].map(function (type) {
            var names = {original: "Original ( .0)", reacquired: "Reacquired ( .1+)", merged: "Merged",
                         missing: "Missing"};
            return {
                name: names[type],
                color: SERIES_COLORS[type],
                points: layers.filter(function (layer) {
                    return layer.type === type;
                }).map(function (layer) {
                    return {x: layer.z, y: layer.tileCount, key: layer.z,
                            tip: "Z: " + layer.z + "\nSections: " + sectionIds(layer) + "\nType: " + type +
                                 "\nTile Count: " + layer.tileCount};
                })
            };
        });
        SvgChart.render(document.getElementById("tileCountsChart"), {
            title: "Tile Counts", subtitle: subtitle, xLabel: "Z", yLabel: "Tile Count", yFromZero: true,
            series: series, onSelect: function (point) {
                selectLayer(point.key);
            }
        });

        var bounded = sectionData.filter(function (s) {
            return s.minX !== undefined && s.maxX !== undefined && s.minY !== undefined && s.maxY !== undefined;
        }).sort(function (a, b) {
            return a.z - b.z;
        });
        var boundsChart = document.getElementById("boundsChart");
        if (bounded.length === 0) {
            boundsChart.textContent = "";
            return;
        }
        var boundSeries = [["minX", "#2f7ed8"], ["maxX", "#0d233a"], ["minY", "#f28f43"], ["maxY", "#8bbc21"]]
            .map(function (entry) {
                return {
                    name: entry[0], color: entry[1], line: true,
                    points: bounded.map(function (s) {
                        return {x: s.z, y: s[entry[0]], key: s.z,
                                tip: "Z: " + s.z + "\nSection: " + s.sectionId + "\n" + entry[0] + ": " + s[entry[0]]};
                    })
                };
            });
        SvgChart.render(boundsChart, {
            title: "Layer Bounds", subtitle: subtitle, xLabel: "Z", yLabel: "World coordinate",
            series: boundSeries, onSelect: function (point) {
                selectLayer(point.key);
            }
        });
    }

    function showStack(context) {
        var meta = context.stackMetaData();
        var tbody = document.querySelector("#stackInfo tbody");
        tbody.textContent = "";
        document.getElementById("tileCountsChart").textContent = "";
        document.getElementById("boundsChart").textContent = "";
        showLayerTable(context, []);
        var status = document.getElementById("sectionDataStatus");
        if (meta === undefined) {
            status.textContent = context.owner === undefined ? "No stacks yet." : "No stack selected.";
            return;
        }
        document.title = context.stack;
        document.getElementById("owner").textContent = context.owner + " > ";
        var projectLink = document.getElementById("bodyHeaderLink");
        projectLink.textContent = context.owner + " " + context.project;
        projectLink.href = "stacks.html" + context.parameters.search();
        document.getElementById("bodyHeader").textContent = context.stack;
        document.getElementById("headerSeparator").hidden = false;
        tbody.appendChild(dash.stackSummaryRow(context.parameters, meta, {}));

        dash.showNote("message", "");
        status.hidden = false;
        if (meta.state === "OFFLINE") {   // its tiles are gone: render-ws answers sectionData with an error
            status.textContent = "OFFLINE stacks have no section data.";
            return;
        }
        status.textContent = "Loading section data ...";
        var requested = context.stack;
        dash.getJson(dash.stackUrl(context.owner, context.project, context.stack) + "/sectionData")
            .then(function (sectionData) {
                if (context.stack !== requested) {
                    return;   // the selection changed while loading
                }
                sectionData = sectionData || [];
                if (sectionData.length === 0) {
                    status.textContent = "This stack has no section data.";
                    return;
                }
                status.hidden = true;
                var layers = layersByZ(sectionData);
                showCharts(context, layers, sectionData);
                showLayerTable(context, layers);
            })
            .catch(function (error) {
                if (context.stack !== requested) {
                    return;
                }
                if (meta.state === "LOADING") {   // render-ws aggregates section data on COMPLETE only
                    status.textContent = "No section data yet: " + error.message;
                } else {
                    status.textContent = "";
                    dash.showError("message", "Failed to load section data.", error);
                }
            });
    }

    document.addEventListener("DOMContentLoaded", function () {
        dash.loadParameters().then(function (parameters) {
            var context = new dash.StackContext(parameters, {
                owner: "renderStackOwner", project: "renderStackProject", stack: "renderStack",
                message: "message", urlToView: "urlToView"
            });
            context.onChange = showStack;
            context.load();
        });
    });
}(RenderDashboard));
