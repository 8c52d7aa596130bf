package io.sagaengine.inventory;

import io.sagaengine.service.problem.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@Tag(name = "stock", description = "Stock per SKU")
class StockController {

    static final String SKU = "[A-Za-z0-9._-]{1,64}";

    private final StockRepository stock;

    StockController(StockRepository stock) {
        this.stock = stock;
    }

    @GetMapping("/stock/{sku}")
    @Operation(summary = "The available and reserved stock of a SKU")
    StockView get(@PathVariable @Pattern(regexp = SKU) String sku) {
        return stock.find(sku).map(StockView::of)
                .orElseThrow(() -> new ResourceNotFoundException("Unknown SKU " + sku));
    }

    @PutMapping("/stock/{sku}")
    @Operation(summary = "Set the available stock of a SKU, creating it if new (OPERATOR); reservations are kept")
    StockView put(@PathVariable @Pattern(regexp = SKU) String sku, @Valid @RequestBody SetStock request) {
        return StockView.of(stock.setAvailable(sku, request.available()));
    }

    record SetStock(@NotNull @Min(0) @Max(Integer.MAX_VALUE) Integer available) {
    }

    record StockView(String sku, int available, int reserved) {

        static StockView of(Stock s) {
            return new StockView(s.sku(), s.available(), s.reserved());
        }
    }
}
