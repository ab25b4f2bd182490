"""What the page tests look for: axe-core's WCAG 2.2 A/AA rules, and a layout that fits a small
phone with targets a thumb can hit."""

from youthhub.config import PROJECT_ROOT

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    # Every rule still runs and every violation comes back with all its elements; passes and
    # the rest come back with one element each instead of all of them (2.6 MB of JSON on the
    # monitoring page, built in Chromium and parsed here, for nothing the tests read).
    "resultTypes": ["violations"],
}
MIN_TARGET_PX = 44
MIN_CHECKBOX_PX = 24

# Returns what a person on a small phone would trip over, as readable lines.
FIND_LAYOUT_PROBLEMS = """
({width, minTarget, minCheckbox}) => {
  const root = document.documentElement;
  const problems = [];
  const describe = (el) => el.outerHTML.replace(/\\s+/g, " ").slice(0, 140);
  if (root.scrollWidth > width) {
    problems.push(`page scrolls sideways: ${root.scrollWidth}px wide on a ${width}px screen`);
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width && box.right > width + 1 && el.checkVisibility()) {
        problems.push(`  sticks out to ${Math.round(box.right)}px: ${describe(el)}`);
      }
      const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (ownText && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`  text spills out of: ${describe(el)}`);
      }
    }
  }
  // A box of its own that scrolls sideways hides what is off to the side just as well.
  for (const el of document.body.querySelectorAll("*")) {
    const overflow = getComputedStyle(el).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`part of the page scrolls sideways: ${describe(el)}`);
    }
  }
  // A link inside a sentence is exempt; a link alone in its paragraph is a target.
  const inRunningText = (el) => {
    const paragraph = el.closest("p");
    return paragraph !== null && !el.classList.contains("button")
      && paragraph.textContent.trim() !== el.textContent.trim();
  };
  const controls = "button, input:not([type=hidden]), select, textarea, summary, a[href]";
  for (const el of document.querySelectorAll(controls)) {
    if (!el.checkVisibility() || (el.matches("a") && inRunningText(el))) continue;
    const box = el.getBoundingClientRect();
    if (el.matches("input[type=checkbox], input[type=radio]")) {
      if (box.width < minCheckbox || box.height < minCheckbox) {
        problems.push(`${Math.round(box.width)}x${Math.round(box.height)}px box: ${describe(el)}`);
      }
    } else if (box.height < minTarget) {
      problems.push(`${Math.round(box.height)}px tall: ${describe(el)}`);
    }
  }
  return problems;
}
"""


def axe_violations(page, axe_source: str) -> list[str]:
    """Run axe-core on the page; one line per violation, then one per element it found."""
    # The CSP blocks inline <script> tags; evaluating the source is allowed.
    page.evaluate(axe_source)
    result = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    assert result["passes"], "axe-core ran no rules at all"
    lines = []
    for violation in result["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['html'][:160]}" for node in violation["nodes"])
    return lines


def layout_problems(page, width: int) -> list[str]:
    """Sideways scrolling at this width, and controls too small to tap."""
    page.set_viewport_size({"width": width, "height": 640})
    return page.evaluate(
        FIND_LAYOUT_PROBLEMS,
        {"width": width, "minTarget": MIN_TARGET_PX, "minCheckbox": MIN_CHECKBOX_PX},
    )
