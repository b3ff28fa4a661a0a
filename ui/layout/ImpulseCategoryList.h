#pragma once

#include <QGroupBox>
#include <QStringList>
#include <cstdint>
#include <vector>

class QLabel;
class QListWidget;

namespace mb::ui {

// The planner's choice of impulse categories (bought on sight, so the exposure term rewards
// putting them where shoppers pass): one checkable row per category of the layout model.
class ImpulseCategoryList : public QGroupBox {
    Q_OBJECT
public:
    explicit ImpulseCategoryList(QWidget* parent = nullptr);

    void setCategories(const QStringList& categories);
    // Shows the flags (one per category) without emitting toggled().
    void setImpulse(const std::vector<std::uint8_t>& impulse);
    bool isImpulse(int category) const;
    // As a click on the row's check box: emits toggled() when the state changes.
    void setChecked(int category, bool impulse);

    QListWidget* listWidget() const { return list_; }

signals:
    void toggled(int category, bool impulse);

private:
    QListWidget* list_ = nullptr;
    QLabel* note_ = nullptr;
    bool syncing_ = false;
};

}  // namespace mb::ui
