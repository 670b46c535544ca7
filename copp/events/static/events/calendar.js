// The calendar of events: a month grid on wide screens, a list on phones; events come from the JSON feed.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("event-calendar");
  if (!element || !window.FullCalendar) return;
  const narrow = window.matchMedia("(max-width: 767.98px)").matches;
  const calendar = new FullCalendar.Calendar(element, {
    locale: element.dataset.locale || "ru",
    // The region's zone: the feed gives wall times of that zone, shown as they are (the pages show the same).
    timeZone: element.dataset.timeZone || "local",
    // The list view's column headers for screen readers (FullCalendar's Russian locale lacks them).
    timeHint: element.dataset.timeHint || "Time",
    eventHint: element.dataset.eventHint || "Event",
    initialView: narrow ? "listMonth" : "dayGridMonth",
    headerToolbar: narrow ? { left: "prev,next", center: "title", right: "today" }
                          : { left: "prev,next today", center: "title", right: "dayGridMonth,listMonth" },
    // Buttons say what they do in words (the locale's «Пред», «След»): FullCalendar's arrow icons are images
    // without a text alternative (axe: role-img-alt).
    buttonIcons: false,
    height: "auto",
    firstDay: 1,
    eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
    events: element.dataset.feed,
    // A day cell is labelled by its day number alone while it also lists the day's events, so its name does
    // not include its text (axe: label-content-name-mismatch); the column header and the number say the day.
    dayCellDidMount: (info) => info.el.removeAttribute("aria-labelledby"),
    eventDidMount: (info) => {
      const props = info.event.extendedProps;
      info.el.setAttribute("title", `${info.event.title} — ${props.type}, ${props.organizer}`);
    },
  });
  calendar.render();
});
