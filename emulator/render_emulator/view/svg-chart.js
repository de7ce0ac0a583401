/*
 * A small inline-SVG x/y chart (scatter points or lines per series) with axes, ticks, a legend and
 * native tooltips; no libraries.
 *
 *   SvgChart.render(container, {
 *       title, subtitle, xLabel, yLabel, width, height, yFromZero,
 *       series: [{name, color, points: [{x, y, tip, key}], line: false}],
 *       onSelect: function (point) {}
 *   });
 */
"use strict";

var SvgChart = (function () {

    var SVG_NS = "http://www.w3.org/2000/svg";
    var MARGIN = {top: 56, bottom: 48, left: 70};   // right: fitted to the legend
    var LEGEND_FONT_SIZE = 12;
    var MIN_WIDTH = 480;

    function svg(tag, attributes, text) {
        var node = document.createElementNS(SVG_NS, tag);
        Object.keys(attributes || {}).forEach(function (key) {
            node.setAttribute(key, attributes[key]);
        });
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    /** About ``count`` round tick values covering [min, max]. */
    function ticks(min, max, count) {
        if (min === max) {
            return [min];
        }
        var rawStep = (max - min) / Math.max(count, 1);
        var magnitude = Math.pow(10, Math.floor(Math.log10(rawStep)));
        var step = [1, 2, 5, 10].map(function (f) {
            return f * magnitude;
        }).filter(function (s) {
            return s >= rawStep;
        })[0];
        var values = [];
        for (var value = Math.ceil(min / step) * step; value <= max + step * 1e-9; value += step) {
            values.push(Math.abs(value) < step * 1e-9 ? 0 : value);
        }
        return values;
    }

    function formatTick(value) {
        var rounded = Math.round(value * 1e6) / 1e6;
        return Math.abs(rounded) >= 1e6 ? rounded.toExponential(2) : String(rounded);
    }

    function extent(series, axis, fromZero) {
        var min = Infinity;
        var max = -Infinity;
        series.forEach(function (s) {
            s.points.forEach(function (p) {
                min = Math.min(min, p[axis]);
                max = Math.max(max, p[axis]);
            });
        });
        if (min === Infinity) {
            min = 0;
            max = 1;
        }
        if (fromZero) {
            min = Math.min(0, min);
        }
        if (min === max) {
            min -= 1;
            max += 1;
        }
        var pad = (max - min) * 0.04;
        return [fromZero && min === 0 ? 0 : min - pad, max + pad];
    }

    /** Rendered widths of SVG texts (a hidden probe element, removed again). */
    function textWidths(labels, fontSize) {
        var probe = svg("svg", {width: 0, height: 0, style: "position:absolute;visibility:hidden"});
        document.body.appendChild(probe);
        var widths = labels.map(function (label) {
            var text = svg("text", {"font-size": fontSize}, label);
            probe.appendChild(text);
            return text.getComputedTextLength();
        });
        document.body.removeChild(probe);
        return widths;
    }

    function legendLabel(series) {
        return series.name + " (" + series.points.length + ")";
    }

    function render(container, options) {
        // as wide as the container (the page at 1000 px and less), the legend fitted inside on the right
        var width = options.width || Math.max(MIN_WIDTH, Math.min(1100, container.clientWidth || 1100));
        var height = options.height || 360;
        var labelWidths = textWidths(options.series.map(legendLabel), LEGEND_FONT_SIZE);
        var marginRight = 18 + 12 + Math.ceil(Math.max.apply(null, labelWidths.concat([40]))) + 12;
        var plotWidth = width - MARGIN.left - marginRight;
        var plotHeight = height - MARGIN.top - MARGIN.bottom;
        var xRange = extent(options.series, "x", false);
        var yRange = extent(options.series, "y", options.yFromZero);

        function sx(x) {
            return MARGIN.left + (x - xRange[0]) / (xRange[1] - xRange[0]) * plotWidth;
        }

        function sy(y) {
            return MARGIN.top + plotHeight - (y - yRange[0]) / (yRange[1] - yRange[0]) * plotHeight;
        }

        var root = svg("svg", {width: width, height: height, viewBox: "0 0 " + width + " " + height,
                               role: "img", "aria-label": options.title});
        root.appendChild(svg("text", {x: width / 2, y: 22, "text-anchor": "middle", "font-size": 17,
                                      "font-weight": "bold"}, options.title));
        if (options.subtitle) {
            root.appendChild(svg("text", {x: width / 2, y: 42, "text-anchor": "middle", "font-size": 12,
                                          fill: "#555"}, options.subtitle));
        }

        var axes = svg("g", {"font-size": 11, fill: "#333"});
        ticks(xRange[0], xRange[1], Math.max(2, Math.floor(plotWidth / 90))).forEach(function (value) {
            var x = sx(value);
            axes.appendChild(svg("line", {x1: x, x2: x, y1: MARGIN.top, y2: MARGIN.top + plotHeight,
                                          stroke: "#eef1f5"}));
            axes.appendChild(svg("text", {x: x, y: MARGIN.top + plotHeight + 16, "text-anchor": "middle"},
                                 formatTick(value)));
        });
        ticks(yRange[0], yRange[1], Math.max(2, Math.floor(plotHeight / 50))).forEach(function (value) {
            var y = sy(value);
            axes.appendChild(svg("line", {x1: MARGIN.left, x2: MARGIN.left + plotWidth, y1: y, y2: y,
                                          stroke: "#e3e8ee"}));
            axes.appendChild(svg("text", {x: MARGIN.left - 6, y: y + 4, "text-anchor": "end"}, formatTick(value)));
        });
        axes.appendChild(svg("rect", {x: MARGIN.left, y: MARGIN.top, width: plotWidth, height: plotHeight,
                                      fill: "none", stroke: "#9aa7b5"}));
        axes.appendChild(svg("text", {x: MARGIN.left + plotWidth / 2, y: height - 10, "text-anchor": "middle",
                                      "font-size": 13}, options.xLabel || ""));
        var yLabelY = MARGIN.top + plotHeight / 2;
        axes.appendChild(svg("text", {x: 18, y: yLabelY, "text-anchor": "middle", "font-size": 13,
                                      transform: "rotate(-90 18 " + yLabelY + ")"}, options.yLabel || ""));
        root.appendChild(axes);

        var plot = svg("g", {});
        options.series.forEach(function (series) {
            var group = svg("g", {"data-series": series.name});
            if (series.line && series.points.length > 1) {
                var path = series.points.map(function (p, i) {
                    return (i === 0 ? "M" : "L") + sx(p.x).toFixed(1) + "," + sy(p.y).toFixed(1);
                }).join("");
                group.appendChild(svg("path", {d: path, fill: "none", stroke: series.color, "stroke-width": 1.5}));
            }
            var radius = series.points.length > 2000 ? 2 : 4;
            series.points.forEach(function (p) {
                var circle = svg("circle", {cx: sx(p.x).toFixed(1), cy: sy(p.y).toFixed(1),
                                            r: series.line ? Math.min(radius, 2.5) : radius,
                                            fill: series.color, "class": "point"});
                circle.appendChild(svg("title", {}, p.tip || (p.x + ", " + p.y)));
                if (options.onSelect) {
                    circle.addEventListener("click", function () {
                        options.onSelect(p);
                    });
                }
                group.appendChild(circle);
            });
            plot.appendChild(group);
        });
        root.appendChild(plot);

        var legend = svg("g", {"font-size": LEGEND_FONT_SIZE, "class": "legend"});
        var legendRight = 0;
        options.series.forEach(function (series, index) {
            var y = MARGIN.top + 14 + index * 22;
            var x = MARGIN.left + plotWidth + 18;
            legend.appendChild(svg("circle", {cx: x, cy: y - 4, r: 5, fill: series.color}));
            legend.appendChild(svg("text", {x: x + 12, y: y}, legendLabel(series)));
            legendRight = Math.max(legendRight, x + 12 + labelWidths[index]);
        });
        legend.setAttribute("data-right", Math.ceil(legendRight));
        root.appendChild(legend);

        container.textContent = "";
        container.appendChild(root);
        return root;
    }

    return {render: render, ticks: ticks};
}());
