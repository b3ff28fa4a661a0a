#include "LayoutTerms.h"

#include <QObject>

namespace mb::ui {

QString layoutTermExplanation(LayoutTerm term) {
    switch (term) {
        case LayoutTerm::Adjacency:
            return QObject::tr(
                "Adjacency, in points of phi-weighted closeness (higher is better): the sum over "
                "every pair of placed categories of their purchase correlation phi (negative "
                "counted as 0) times the closeness of their zones, exp(−walking metres / 10 m), "
                "which is 1 in the same zone. Categories bought together and placed near each "
                "other raise it.");
        case LayoutTerm::Exposure:
            return QObject::tr(
                "Impulse exposure, as a share of store visits (higher is better): the sum, over "
                "the impulse categories, of the share of all counted visits that their zone "
                "gets; 0.25 is a quarter of the visits, and several impulse categories can sum "
                "past 1. Choose the impulse categories beside the floor plan.");
        case LayoutTerm::Walk:
            return QObject::tr(
                "Basket walk, in metres (lower is better): the mean walk of the sampled baskets "
                "(up to 5,000) from the entrance through the zones of the basket's categories, "
                "nearest first, to the checkout, along the floor plan's walkways.");
        case LayoutTerm::Total:
            return QObject::tr(
                "Total score, in points (higher is better): adjacency × adjacency weight + "
                "exposure × exposure weight − walk weight × basket walk / direct walk from "
                "entrance to checkout. It compares layouts of this store under the weights on "
                "the Optimise tab, not stores with each other.");
    }
    return {};
}

}  // namespace mb::ui
