#pragma once
// What a number of tokens costs, in USD and KRW, at the standard (synchronous) price and
// at the Batch API price. Prices per 1M tokens and the exchange rate come from
// PriceSettings (defaults: 3-small $0.02, 3-large $0.13, ada-002 $0.10, Batch API half
// price, 1,300 KRW/USD); a model the catalog does not know costs usdPerMillionCustom.

#include "config/AppConfig.h"

#include <QJsonObject>
#include <QString>
#include <QVector>

namespace ec {

/// The price of one token count on one model.
struct CostFigures
{
    QString model;
    qint64 tokens = 0;
    double usdPerMillion = 0; ///< standard price per 1M tokens
    double usd = 0;           ///< tokens at the standard price
    double krw = 0;
    double batchUsd = 0; ///< tokens at the Batch API price
    double batchKrw = 0;

    /// {"model","tokens","usd_per_million","usd","krw","batch_usd","batch_krw"}
    QJsonObject toJson() const;
};

class CostModel
{
public:
    explicit CostModel(PriceSettings prices = {});

    const PriceSettings& prices() const { return m_prices; }

    /// Standard price per 1M tokens of model.
    double usdPerMillion(const QString& model) const;
    /// tokens × price / 1M.
    double usd(const QString& model, qint64 tokens) const;
    /// The Batch API price: usd() × batchApiFactor.
    double batchUsd(const QString& model, qint64 tokens) const;
    /// usd × krwPerUsd.
    double krw(double usd) const;

    CostFigures cost(const QString& model, qint64 tokens) const;

    /// The configured model first, then every other model of ModelCatalog::known(), each
    /// priced for the same token count (they all use the cl100k_base tokenizer).
    QVector<CostFigures> sideBySide(const QString& configuredModel, qint64 tokens) const;
    /// The configured model first, then the other known models.
    static QStringList modelsSideBySide(const QString& configuredModel);

private:
    PriceSettings m_prices;
};

} // namespace ec
