(function () {
  var lang = document.documentElement.lang === 'fr' ? 'fr-FR' : 'en-GB';
  var nf = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  function num(v) { return (v === null || v === undefined || v === '-' || isNaN(v)) ? '\u2013' : nf.format(v); }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  var data = document.getElementById('retour-charts');
  var all = data ? JSON.parse(data.textContent) : {};
  var drawn = [];
  // line dashes and symbols, in order, for lines a black-and-white print must tell apart
  var dashes = ['solid', 'dashed', 'dotted', [8, 3, 2, 3], [12, 4], [2, 6]];
  var symbols = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow', 'emptyCircle', 'emptyRect'];
  var ctx2d = document.createElement('canvas').getContext('2d');
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var opt = all[el.getAttribute('data-chart')];
    if (!opt) { return; }
    [].concat(opt.xAxis || [], opt.yAxis || []).forEach(function (a) {
      if (a && a.type === 'value') { a.axisLabel = a.axisLabel || {}; a.axisLabel.formatter = num; }
    });
    (opt.series || []).forEach(function (s) { // heatmap cells: [x, y, value]
      if (s.type === 'heatmap' && s.label) { s.label.formatter = function (p) { return num(p.value[2]); }; }
    });
    opt.tooltip = opt.tooltip || {};
    opt.tooltip.valueFormatter = num;
    opt.tooltip.confine = true;
    var band = opt.retourBand;
    delete opt.retourBand;
    if (band) {
      opt.tooltip.formatter = function (ps) {
        var i = ps[0].dataIndex, L = band.labels, out = [esc(ps[0].axisValue)];
        if (band.actual[i] !== null) { out.push(esc(L.actual) + ': ' + num(band.actual[i])); }
        if (band.mean[i] !== null && band.lo80[i] !== null) {
          out.push(esc(L.mean) + ': ' + num(band.mean[i]));
          out.push(esc(L.pi80) + ': ' + num(band.lo80[i]) + ' \u2013 ' + num(band.hi80[i]));
          if (band.lo95[i] !== null) { out.push(esc(L.pi95) + ': ' + num(band.lo95[i]) + ' \u2013 ' + num(band.hi95[i])); }
        }
        return out.join('<br>');
      };
    }
    strokes(opt);
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(opt);
    chart.retourBase = opt;
    layout(chart, el);
    el.setAttribute('data-drawn', 'true');
    drawn.push(chart);
  });

  // layout fits the chart's furniture to its width: the legend wraps
  // (never scrolls, so print shows every entry) and the plot starts below
  // it and below the axis name; few category labels all show and wrap, many
  // long ones tilt and are cut (the tooltip and the table give them whole);
  // a horizontal chart names its value axis under the axis.
  function textWidth(s) { ctx2d.font = '12px sans-serif'; return ctx2d.measureText(String(s)).width; }
  // wrap breaks a label between words so each line fits max pixels.
  function wrap(s, max) {
    var lines = [], line = '';
    String(s).split(' ').forEach(function (w) {
      var next = line ? line + ' ' + w : w;
      if (line && textWidth(next) > max) { lines.push(line); line = w; } else { line = next; }
    });
    lines.push(line);
    return lines.join('\n');
  }
  function layout(chart, el) {
    var opt = chart.retourBase, width = el.clientWidth || 600, patch = {};
    var legend = [].concat(opt.legend || [])[0];
    var grid = [].concat(opt.grid || [])[0];
    var xs = [].concat(opt.xAxis || []), ys = [].concat(opt.yAxis || []);
    var horizontal = xs.length > 0 && xs[0].type === 'value';
    var rows = 0;
    if (legend && legend.show !== false) {
      var names = legend.data || (opt.series || []).map(function (s) { return s.name; });
      var x = 0, avail = width - 20;
      rows = names.length ? 1 : 0;
      names.forEach(function (n) {
        var w = 30 + textWidth(n && n.name !== undefined ? n.name : n);
        if (x > 0 && x + w > avail) { rows++; x = 0; }
        x += w + 10;
      });
      patch.legend = { type: 'plain', top: 0, left: 'center', width: avail };
    }
    if (grid && (rows > 0 || horizontal)) {
      patch.grid = {};
      if (rows > 0) { patch.grid.top = rows * 24 + (horizontal ? 12 : 30); }
      if (horizontal) { patch.grid.bottom = 34; }
    }
    if (horizontal) {
      patch.xAxis = xs.map(function () { return { nameLocation: 'middle', nameGap: 28 }; });
      patch.yAxis = ys.map(function (a) { return a.type === 'category' ? { axisLabel: { width: Math.max(120, width * 0.3), overflow: 'truncate' } } : {}; });
    } else if (xs.length && xs[0].type === 'category' && !(opt.series || []).some(function (s) { return s.type === 'heatmap'; })) {
      var cats = xs[0].data || [], longest = 0;
      cats.forEach(function (c) { longest = Math.max(longest, textWidth(c)); });
      var plot = width * 0.85, slot = plot / Math.max(cats.length, 1);
      var lab, widestWord = 0;
      cats.forEach(function (c) { String(c).split(' ').forEach(function (w) { widestWord = Math.max(widestWord, textWidth(w)); }); });
      if (cats.length <= 12 && widestWord <= slot - 6) {
        lab = { interval: 0, rotate: 0, formatter: function (v) { return wrap(v, slot - 6); } };
      } else if (cats.length <= 12) {
        lab = { interval: 0, rotate: 30, width: 170, overflow: 'truncate' };
      } else if (longest > 80) {
        lab = { rotate: 30, width: 90, overflow: 'truncate' };
      }
      if (lab) { patch.xAxis = xs.map(function (a, i) { return i === 0 ? { axisLabel: lab } : {}; }); }
      if (lab && lab.rotate && grid) { // the first tilted label reaches left of the plot
        var first = Math.min(textWidth(cats[0]), lab.width) * 0.87 - slot / 2 - 30;
        patch.grid = patch.grid || {};
        patch.grid.left = Math.max(first, 8);
      }
    }
    chart.setOption(patch);
  }
  // Black and white: lines differ by dash and symbol as well as colour
  // (always), and in print bars, areas and pie slices carry decal patterns
  // so a grey printout still tells the series apart.
  function strokes(opt) {
    var lines = (opt.series || []).filter(function (s) {
      return s.type === 'line' && !s.areaStyle && !(s.lineStyle && s.lineStyle.opacity === 0);
    });
    var used = lines.map(function (s) { return s.lineStyle && s.lineStyle.type ? JSON.stringify(s.lineStyle.type) : null; });
    var next = 0;
    lines.forEach(function (s, i) {
      s.lineStyle = s.lineStyle || {};
      if (!s.lineStyle.type) {
        while (next < dashes.length - 1 && used.indexOf(JSON.stringify(dashes[next])) >= 0) { next++; }
        s.lineStyle.type = dashes[next];
        used.push(JSON.stringify(dashes[next]));
      }
      if (!s.symbol) { s.symbol = symbols[i % symbols.length]; }
    });
  }
  function printing() { return !!(window.matchMedia && window.matchMedia('print').matches); }
  function monochrome(chart) {
    var on = printing();
    if (chart.retourDecal === on) { return; }
    chart.retourDecal = on;
    chart.setOption({ aria: { enabled: true, label: { enabled: false }, decal: { show: on } } });
  }
  drawn.forEach(monochrome);
  function resize() { drawn.forEach(function (c) { c.resize(); layout(c, c.getDom()); monochrome(c); }); }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  if (window.matchMedia) { // print layout is narrower: redraw once it applies
    var mq = window.matchMedia('print');
    if (mq.addEventListener) { mq.addEventListener('change', resize); } else if (mq.addListener) { mq.addListener(resize); }
  }
  window.retourCharts = drawn;
})();
