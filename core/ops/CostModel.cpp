#include "ops/CostModel.h"

#include "config/ModelCatalog.h"

namespace ec {

QJsonObject CostFigures::toJson() const
{
    return QJsonObject{
        {QStringLiteral("model"), model},
        {QStringLiteral("tokens"), tokens},
        {QStringLiteral("usd_per_million"), usdPerMillion},
        {QStringLiteral("usd"), usd},
        {QStringLiteral("krw"), krw},
        {QStringLiteral("batch_usd"), batchUsd},
        {QStringLiteral("batch_krw"), batchKrw},
    };
}

CostModel::CostModel(PriceSettings prices)
    : m_prices(prices)
{}

double CostModel::usdPerMillion(const QString& model) const
{
    return m_prices.usdPerMillion(model);
}

double CostModel::usd(const QString& model, qint64 tokens) const
{
    return double(tokens) * usdPerMillion(model) / 1e6;
}

double CostModel::batchUsd(const QString& model, qint64 tokens) const
{
    return usd(model, tokens) * m_prices.batchApiFactor;
}

double CostModel::krw(double usd) const
{
    return usd * m_prices.krwPerUsd;
}

CostFigures CostModel::cost(const QString& model, qint64 tokens) const
{
    CostFigures figures;
    figures.model = model;
    figures.tokens = tokens;
    figures.usdPerMillion = usdPerMillion(model);
    figures.usd = usd(model, tokens);
    figures.krw = krw(figures.usd);
    figures.batchUsd = batchUsd(model, tokens);
    figures.batchKrw = krw(figures.batchUsd);
    return figures;
}

QStringList CostModel::modelsSideBySide(const QString& configuredModel)
{
    QStringList models{configuredModel};
    for (const ModelSpec& spec : ModelCatalog::known()) {
        if (spec.name != configuredModel)
            models << spec.name;
    }
    return models;
}

QVector<CostFigures> CostModel::sideBySide(const QString& configuredModel, qint64 tokens) const
{
    QVector<CostFigures> rows;
    for (const QString& model : modelsSideBySide(configuredModel))
        rows << cost(model, tokens);
    return rows;
}

} // namespace ec
