// The reorder page's chart: weekly units sold, the forecast and its band (data from json_script).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("forecast-chart-data");
  const canvas = document.getElementById("forecast-chart");
  if (!source || !canvas || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Sold", data: data.history, borderColor: "#1f4e79", backgroundColor: "#1f4e79", pointRadius: 0, borderWidth: 2 },
        { label: "band-low", data: data.lower, borderColor: "rgba(217, 119, 6, 0.3)", pointRadius: 0, fill: false },
        {
          label: "80 % band", data: data.upper, borderColor: "rgba(217, 119, 6, 0.3)", pointRadius: 0,
          backgroundColor: "rgba(217, 119, 6, 0.18)", fill: "-1",
        },
        { label: "Forecast", data: data.forecast, borderColor: "#d97706", backgroundColor: "#d97706", pointRadius: 2, borderWidth: 2 },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true, title: { display: true, text: "units per week" } } },
      plugins: { legend: { labels: { filter: (item) => item.text !== "band-low" } } },
    },
  });
});
