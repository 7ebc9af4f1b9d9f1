// What tests/test_browser_pages.py measures on each page, in one call.
const W = document.documentElement.clientWidth;
const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
const lines = [...document.querySelectorAll('svg.sr-chart .sr-line')]
  .filter(el => el.tagName === 'polyline' && visible(el.ownerSVGElement))
  .map(el => getComputedStyle(el).fill);
const labels = [...document.querySelectorAll('svg.sr-chart text')].filter(visible)
  .map(el => [el.textContent, el.getBoundingClientRect().height]);
// The theme's off-canvas drawer and search sit outside the page on purpose.
const offCanvas = '.md-sidebar--primary, .md-search, .md-header__topic, .md-nav';
const wide = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height || (r.right <= W + 1 && r.left >= -1)) continue;
  if (el.closest(offCanvas) || getComputedStyle(el).visibility === 'hidden') continue;
  let p = el.parentElement, boxed = false;
  while (p && p !== document.body) {
    if (p.classList.contains('sr-table') && getComputedStyle(p).overflowX === 'auto') { boxed = true; break; }
    p = p.parentElement;
  }
  if (!boxed) wide.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
}
const boxes = [...document.querySelectorAll('.md-typeset table')].map(t => {
  const box = t.closest('.sr-table');
  const first = t.querySelector('tbody td');
  return box ? {boxed: true, tabindex: box.getAttribute('tabindex'), label: box.getAttribute('aria-label'),
                role: box.getAttribute('role'), sticky: first ? getComputedStyle(first).position : 'sticky',
                scrolls: getComputedStyle(box).overflowX}
             : {boxed: false};
});
return {lines, labels, wide: wide.slice(0, 20), boxes,
        height: document.documentElement.scrollHeight, scheme: document.body.getAttribute('data-md-color-scheme'),
        text: document.querySelector('article') ? document.querySelector('article').innerText : '',
        all: document.querySelector('article') ? document.querySelector('article').textContent : ''};
