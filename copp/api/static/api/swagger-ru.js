// Swagger UI speaks English only: its fixed labels are replaced with Russian ones as it draws them. The API's
// own texts (summaries, descriptions, field names) come in Russian from the schema.
(() => {
  const RU = {
    "Authorize": "Авторизоваться", "Available authorizations": "Доступные способы авторизации",
    "Logout": "Выйти", "Close": "Закрыть", "Try it out": "Попробовать", "Cancel": "Отмена",
    "Execute": "Выполнить", "Clear": "Очистить", "Parameters": "Параметры", "No parameters": "Нет параметров",
    "Name": "Имя", "Description": "Описание", "Responses": "Ответы", "Response content type": "Тип ответа",
    "Code": "Код", "Links": "Ссылки", "No links": "Нет ссылок", "Example Value": "Пример",
    "Schema": "Схема", "Schemas": "Схемы", "Request body": "Тело запроса", "required": "обязательный",
    "Media type": "Тип данных", "Controls Accept header.": "Задаёт заголовок Accept.",
    "Server response": "Ответ сервера", "Response body": "Тело ответа", "Response headers": "Заголовки ответа",
    "Request URL": "Адрес запроса", "Details": "Подробности", "Download": "Скачать",
    "Undocumented": "Не описан", "Servers": "Серверы", "Value:": "Значение:", "Loading...": "Загрузка…",
    "Filter by tag": "Фильтр по тегу", "Send empty value": "Отправить пустое значение",
    "Default value": "Значение по умолчанию", "Available values": "Допустимые значения",
    "Expand all": "Развернуть все", "Collapse all": "Свернуть все", "Explore": "Открыть",
    "Example Description": "Описание примера", "Examples": "Примеры", "Headers:": "Заголовки:",
    "Responses:": "Ответы:", "Authorized": "Авторизовано", "Curl": "Запрос curl",
  };
  const translate = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, text = node.nodeValue.trim();
      if (RU[text]) node.nodeValue = node.nodeValue.replace(text, RU[text]);
    }
    root.querySelectorAll?.("input[placeholder], [aria-label]").forEach((el) => {
      ["placeholder", "aria-label"].forEach((name) => {
        const value = el.getAttribute(name);
        if (value && RU[value]) el.setAttribute(name, RU[value]);
      });
    });
  };
  document.addEventListener("DOMContentLoaded", () => {
    const ui = document.getElementById("swagger-ui");
    if (!ui) return;
    new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach((node) => {
      if (node.nodeType === Node.TEXT_NODE) { if (RU[node.nodeValue.trim()]) translate(node.parentNode); }
      else if (node.nodeType === Node.ELEMENT_NODE) translate(node);
    }))).observe(ui, { childList: true, subtree: true });
    translate(ui);
  });
})();
