(function () {
  var lang = document.documentElement.lang === 'fr' ? 'fr-FR' : 'en-GB';
  var nf = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  function num(v) { return (v === null || v === undefined || v === '-' || isNaN(v)) ? '\u2013' : nf.format(v); }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  var data = document.getElementById('retour-charts');
  var all = data ? JSON.parse(data.textContent) : {};
  var drawn = [];
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
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(opt);
    el.setAttribute('data-drawn', 'true');
    drawn.push(chart);
  });
  function resize() { drawn.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.retourCharts = drawn;
})();
