// Draws the admin dashboard's charts from the JSON the page carries (#dashboard-data).
// No inline script: the data is in a json_script element, the code here.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const style = getComputedStyle(document.documentElement);
  const primary = style.getPropertyValue("--primary").trim() || "#1f4e79";
  const palette = ["#1f4e79", "#2e8b57", "#d98c1f", "#b03a2e", "#6c4f9c", "#2b9fb3", "#8c8c8c", "#c2577a", "#5a7d2a", "#a0522d"];
  const common = { responsive: true, maintainAspectRatio: false, animation: false };

  function draw(id, config) {
    new Chart(document.getElementById(id), config);
  }

  draw("chart-daily-sales", {
    type: "bar",
    data: {
      labels: data.daily.labels,
      datasets: [
        { type: "line", label: "Revenue", data: data.daily.revenue, borderColor: primary, backgroundColor: primary, yAxisID: "revenue", pointRadius: 0, tension: 0.2 },
        { label: "Orders", data: data.daily.orders, backgroundColor: "#9fc3e6", yAxisID: "orders" },
      ],
    },
    options: {
      ...common,
      scales: {
        revenue: { position: "left", beginAtZero: true, title: { display: true, text: "Revenue" } },
        orders: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 }, title: { display: true, text: "Orders" } },
        x: { ticks: { maxTicksLimit: 12 } },
      },
    },
  });

  draw("chart-monthly-revenue", {
    type: "bar",
    data: { labels: data.monthly.labels, datasets: [{ label: "Revenue", data: data.monthly.revenue, backgroundColor: primary }] },
    options: { ...common, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
  });

  draw("chart-categories", {
    type: "bar",
    data: { labels: data.categories.labels, datasets: [{ label: "Revenue", data: data.categories.revenue, backgroundColor: palette }] },
    options: { ...common, indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } },
  });

  draw("chart-segments", {
    type: "doughnut",
    data: { labels: data.segments.labels, datasets: [{ label: "Customers", data: data.segments.customers, backgroundColor: palette }] },
    options: { ...common, plugins: { legend: { position: "right" } } },
  });
})();
